/**
 * Staff login and the guard in front of every /api/admin/* route.
 *   POST /api/admin/login {"username","password"} → {"token"} (rate-limited)
 *   POST /api/admin/logout
 *   GET  /api/admin/me
 */
import { Router, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { StaffAuth, StaffIdentity } from '../../staff/auth.js';
import { HttpError } from '../errors.js';
import { parseBody } from '../validate.js';

const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+([A-Za-z0-9_-]{20,})$/.exec(header ?? '');
  return m?.[1] ?? null;
}

export function adminRoutes(staff: StaffAuth, options: { loginLimitPerMinute?: number } = {}): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: options.loginLimitPerMinute ?? 10,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({ error: '登录尝试太多，请一分钟后再试' });
    },
  });
  router.post('/login', limiter, async (req, res) => {
    const body = parseBody(req, loginSchema);
    const token = await staff.login(body.username, body.password);
    if (!token) throw new HttpError(401, '用户名或密码不正确');
    res.json({ token });
  });
  router.use(requireStaff(staff));
  router.get('/me', (_req, res) => {
    res.json({ staff: res.locals.staff });
  });
  router.post('/logout', async (req, res) => {
    await staff.logout(bearer(req.headers.authorization)!);
    res.json({ ok: true });
  });
  return router;
}

/** 401 unless the request carries a valid staff token; puts the staff member in res.locals.staff. */
export function requireStaff(staff: StaffAuth): RequestHandler {
  return async (req, res, next) => {
    const token = bearer(req.headers.authorization);
    const who: StaffIdentity | null = token ? await staff.authenticate(token) : null;
    if (!who) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: '需要登录' });
      return;
    }
    res.locals.staff = who;
    next();
  };
}
