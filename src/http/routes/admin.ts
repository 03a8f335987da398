/**
 * Staff login, the guard in front of every /api/admin/* route, staff accounts and the audit log.
 *   POST   /api/admin/login {"username","password"}   → {"token"} (bearer; rate-limited)
 *   POST   /api/admin/session {"username","password"} → sets the console cookie, {"staff","csrfToken"}
 *   DELETE /api/admin/session                          logs the console out
 *   POST   /api/admin/logout                           ends the bearer session
 *   GET    /api/admin/me                               → {"staff","csrfToken"?}
 *   POST   /api/admin/me/password {"current","password"}
 *   admin only:
 *   GET    /api/admin/staff                            → {"staff":[…]}
 *   POST   /api/admin/staff {"username","password","role","county"?,"institutionId"?} → 201
 *   POST   /api/admin/staff/:id/disable {"disabled":true|false}
 *   POST   /api/admin/staff/:id/password {"password"}
 *   GET    /api/admin/audit?limit=&before=&username=   → {"entries":[…]}
 * See ../staff-session.ts for cookies and CSRF, ../login-limiter.ts for the login limits.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { audit, listAudit } from '../../staff/audit.js';
import { csrfTokenFor, MIN_PASSWORD, StaffError, type StaffAuth } from '../../staff/auth.js';
import { STAFF_ROLES } from '../../staff/scope.js';
import type { Clock } from '../../shared/clock.js';
import { HttpError } from '../errors.js';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from '../login-limiter.js';
import { bearer, cookieToken, currentStaff, requireRole, requireStaff, sameOrigin, SESSION_COOKIE } from '../staff-session.js';
import { parseBody, parseQuery } from '../validate.js';

const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
const password = z.string().min(MIN_PASSWORD, `密码至少${MIN_PASSWORD}位`).max(256);
const createSchema = z.object({
  username: z.string().trim().regex(/^[A-Za-z0-9_.@-]{2,64}$/, '用户名只能用字母、数字和 _ . @ -（2–64位）'),
  password,
  role: z.enum(STAFF_ROLES),
  county: z.string().regex(/^\d{6}$/, '县区代码应为6位数字').optional(),
  institutionId: z.number().int().positive().optional(),
});
const idParam = z.string().regex(/^\d{1,9}$/).transform(Number);

export interface AdminRouteOptions {
  db: Db;
  clock: Clock;
  loginLimits?: Partial<LoginLimits>;
  /** Token lifetime (cookie Max-Age). */
  tokenTtlHours: number;
  /** Known county codes (gazetteer), to reject a typo'd county for a county account. */
  isCounty?: (code: string) => boolean;
}

function parseId(value: string | string[] | undefined): number {
  const r = idParam.safeParse(value);
  if (!r.success) throw new HttpError(404, '没有这个账号');
  return r.data;
}

function staffError(err: unknown): unknown {
  if (!(err instanceof StaffError)) return err;
  const status = { invalid: 400, duplicate: 409, 'not-found': 404, 'wrong-password': 400 }[err.code];
  return new HttpError(status, err.message);
}

export function adminRoutes(staff: StaffAuth, options: AdminRouteOptions): Router {
  const router = Router();
  const { db } = options;
  const limiter = new LoginLimiter(options.clock, { ...DEFAULT_LOGIN_LIMITS, ...options.loginLimits });

  async function checkLogin(req: Request, res: Response, kind: 'bearer' | 'cookie'): Promise<string> {
    const body = parseBody(req, loginSchema);
    const address = req.ip ?? 'unknown';
    const wait = limiter.blockedFor(body.username, address);
    if (wait) {
      res.set('Retry-After', String(wait));
      throw new HttpError(429, `登录失败次数太多，请${Math.ceil(wait / 60)}分钟后再试`);
    }
    const token = await staff.login(body.username, body.password, kind);
    if (!token) {
      limiter.fail(body.username, address);
      throw new HttpError(401, '用户名或密码不正确');
    }
    limiter.succeed(body.username);
    return token;
  }

  router.post('/login', async (req, res) => {
    res.json({ token: await checkLogin(req, res, 'bearer') });
  });

  router.post('/session', async (req, res) => {
    if (!sameOrigin(req)) throw new HttpError(403, '安全校验失败（来源不符）');
    const token = await checkLogin(req, res, 'cookie');
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      maxAge: options.tokenTtlHours * 3600_000,
    });
    const session = await staff.authenticate(token);
    res.json({ staff: session?.staff, csrfToken: csrfTokenFor(token) });
  });

  router.use(requireStaff(staff));

  router.get('/me', (req, res) => {
    const cookie = res.locals.sessionKind === 'cookie' ? cookieToken(req) : null;
    res.json({ staff: currentStaff(res), ...(cookie ? { csrfToken: csrfTokenFor(cookie) } : {}) });
  });
  router.delete('/session', async (req, res) => {
    const cookie = cookieToken(req);
    if (cookie) await staff.logout(cookie);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });
  router.post('/logout', async (req, res) => {
    const token = bearer(req.headers.authorization) ?? cookieToken(req);
    if (token) await staff.logout(token);
    res.json({ ok: true });
  });
  router.post('/me/password', async (req, res) => {
    const body = parseBody(req, z.object({ current: z.string().min(1).max(256), password }));
    const who = currentStaff(res);
    const token = bearer(req.headers.authorization) ?? cookieToken(req) ?? undefined;
    await staff.changeOwnPassword(who.id, body.current, body.password, token).catch((e) => Promise.reject(staffError(e)));
    await audit(db, who, { action: 'staff.password.own', target: `staff:${who.id}` });
    res.json({ ok: true });
  });

  router.get('/staff', requireRole('admin'), async (_req, res) => {
    res.json({ staff: await staff.list() });
  });
  router.post('/staff', requireRole('admin'), async (req, res) => {
    const body = parseBody(req, createSchema);
    if (body.role === 'county' && body.county && options.isCounty && !options.isCounty(body.county)) {
      throw new HttpError(400, `未知的县区代码：${body.county}`);
    }
    const created = await staff
      .createStaff({
        username: body.username,
        password: body.password,
        role: body.role,
        countyCode: body.county ?? null,
        institutionId: body.institutionId ?? null,
      })
      .catch((e) => Promise.reject(staffError(e)));
    const who = currentStaff(res);
    await audit(db, who, {
      action: 'staff.create',
      target: `staff:${created.id}`,
      details: { username: created.username, role: created.role, county: created.countyCode, institutionId: created.institutionId },
    });
    res.status(201).json({ staff: created });
  });
  router.post('/staff/:id/disable', requireRole('admin'), async (req, res) => {
    const id = parseId(req.params.id);
    const body = parseBody(req, z.object({ disabled: z.boolean().default(true) }));
    const who = currentStaff(res);
    if (id === who.id && body.disabled) throw new HttpError(400, '不能停用自己的账号');
    await staff.setDisabled(id, body.disabled).catch((e) => Promise.reject(staffError(e)));
    await audit(db, who, { action: body.disabled ? 'staff.disable' : 'staff.enable', target: `staff:${id}` });
    res.json({ ok: true });
  });
  router.post('/staff/:id/password', requireRole('admin'), async (req, res) => {
    const id = parseId(req.params.id);
    const body = parseBody(req, z.object({ password }));
    await staff.setPassword(id, body.password).catch((e) => Promise.reject(staffError(e)));
    await audit(db, currentStaff(res), { action: 'staff.password.reset', target: `staff:${id}` });
    res.json({ ok: true });
  });
  router.get('/audit', requireRole('admin'), async (req, res) => {
    const q = parseQuery(
      req,
      z.object({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        before: z.coerce.number().int().positive().optional(),
        username: z.string().max(64).optional(),
      }),
    );
    res.json({ entries: await listAudit(db, q) });
  });
  return router;
}
