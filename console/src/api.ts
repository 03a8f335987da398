/** Calls to /api/admin with the session cookie; writes carry the CSRF token. */
let csrf = '';
export const setCsrf = (t: string) => (csrf = t);

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly body: any) {
    super(message);
  }
}

export async function api<T = any>(method: string, path: string, body?: unknown, raw?: { type: string; data: BodyInit }): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  if (raw) headers['content-type'] = raw.type;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch('/api/admin' + path, { method, headers, credentials: 'same-origin', body: raw ? raw.data : body !== undefined ? JSON.stringify(body) : undefined });
  const data = await res.json().catch(() => ({}));
  if (res.status === 401 && !path.startsWith('/session')) location.hash = '#/login';
  if (!res.ok && !(res.status === 422 && data && 'errors' in data)) throw new ApiError(res.status, data.error || `请求失败（${res.status}）`, data);
  return data as T;
}

export const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
