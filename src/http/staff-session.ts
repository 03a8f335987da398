/**
 * How a request proves it comes from staff, for every /api/admin route:
 * - `Authorization: Bearer <token>` (API clients, scripts): no cookie involved, so no CSRF risk.
 * - the console's session cookie (`sb_staff`: HttpOnly, SameSite=Strict, Secure over HTTPS).
 *   Every write (not GET/HEAD/OPTIONS) made with the cookie must also carry
 *   `X-CSRF-Token: <token from login or GET /me>` — a token derived from the session, which a
 *   page on another site cannot read — and, when the browser sends an Origin, it must be ours.
 *   Why both: SameSite=Strict already keeps other sites' requests from carrying the cookie in
 *   current browsers; the session-bound token covers older browsers and sibling subdomains
 *   (which can plant cookies, defeating a plain double-submit cookie); the Origin check is a
 *   cheap second line that also guards the login form (login CSRF).
 */
import type { Request, RequestHandler, Response } from 'express';
import { csrfMatches, type StaffAuth, type StaffIdentity, type StaffSessionInfo } from '../staff/auth.js';
import type { StaffRole } from '../staff/scope.js';
import { HttpError } from './errors.js';

export const SESSION_COOKIE = 'sb_staff';

export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+([A-Za-z0-9_-]{20,})$/.exec(header ?? '');
  return m?.[1] ?? null;
}

export function cookieToken(req: Request): string | null {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) {
      const value = v.join('=');
      return /^[A-Za-z0-9_-]{20,}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** The Origin (or Referer) of the request is this server, or absent. */
export function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin ?? (req.headers.referer ? safeOrigin(req.headers.referer) : undefined);
  if (!origin || origin === 'null') return origin === undefined;
  const host = req.headers.host;
  return safeOrigin(origin) === `${req.protocol}://${host}`;
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid';
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 401 unless the request carries a valid staff session; puts the staff member in res.locals.staff. */
export function requireStaff(staff: StaffAuth): RequestHandler {
  return async (req, res, next) => {
    const token = bearer(req.headers.authorization);
    let session: StaffSessionInfo | null = null;
    if (token) {
      session = await staff.authenticate(token);
      // A bearer token is only a bearer token: a console cookie session's token sent as a header
      // would skip the CSRF check, which is fine (a page on another site cannot read it).
    } else {
      const cookie = cookieToken(req);
      if (cookie) {
        session = await staff.authenticate(cookie);
        if (session && session.kind !== 'cookie') session = null;
        if (session && !SAFE_METHODS.has(req.method)) {
          if (!sameOrigin(req) || !csrfMatches(cookie, req.get('x-csrf-token'))) {
            res.status(403).json({ error: '安全校验失败，请刷新页面后重试（CSRF）' });
            return;
          }
        }
      }
    }
    if (!session) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: '需要登录' });
      return;
    }
    res.locals.staff = session.staff;
    res.locals.sessionKind = session.kind;
    next();
  };
}

/** The logged-in staff member (after requireStaff). */
export function currentStaff(res: Response): StaffIdentity {
  const who = res.locals.staff as StaffIdentity | undefined;
  if (!who) throw new HttpError(401, '需要登录');
  return who;
}

/** 403 unless the account has one of `roles`. */
export function requireRole(...roles: StaffRole[]): RequestHandler {
  return (_req, res, next) => {
    if (!roles.includes(currentStaff(res).role)) {
      res.status(403).json({ error: '您的账号没有这个权限' });
      return;
    }
    next();
  };
}
