/** Starts an express app on an ephemeral loopback port for HTTP tests. */
import type { Express } from 'express';
import net, { type AddressInfo } from 'node:net';

export interface Listening {
  url: string;
  close(): Promise<void>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
}

export async function listen(app: Express): Promise<Listening> {
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    post: (path, body, headers = {}) =>
      fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path, headers = {}) => fetch(url + path, { headers }),
  };
}

/** Creates the admin account (if missing), logs in over HTTP and returns the bearer header. */
export async function staffAuth(
  staff: { ensureAdmin(username: string, password?: string): Promise<unknown> },
  http: Listening,
): Promise<Record<string, string>> {
  await staff.ensureAdmin('admin', 'correct-horse-battery');
  const login = await http.post('/api/admin/login', { username: 'admin', password: 'correct-horse-battery' });
  return { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
}

/** A free TCP port on 127.0.0.1 (for child processes and gateways that need a fixed port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
