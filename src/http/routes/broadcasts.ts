/**
 * Staff broadcast routes (under /api/admin, behind the staff login; mounted by the notifications
 * feature so the console can add role checks here):
 *   GET  /broadcasts                                     → {broadcasts: [status…]} newest first (scoped)
 *   POST /broadcasts/preview {text, audience}            → {recipients, byChannel, skipped{optedOut,unreachable,capped}, samples}
 *   POST /broadcasts {text, audience, sendAt?}           → 201 {id, recipients, status}
 *   GET  /broadcasts/:id                                 → {status, counts{queued,sent,delivered,failed,skipped}, …}
 *   POST /broadcasts/:id/cancel                          → {cancelled: n}
 *   GET  /broadcasts/:id/recipients[?status=][&format=csv] → per-recipient outcomes (phones masked)
 * `audience`: counties, prefectures, groups, interests, courseId (+ status), all (see notifications/broadcasts.ts).
 * Role scope (notifications/broadcasts.ts): a county account's audience is confined to its county or
 * prefecture (outside it → 403), an institution's to its own courses' sign-ups; a broadcast or course
 * outside the account's scope answers 404, like one that does not exist.
 */
import { Router } from 'express';
import { z } from 'zod';
import { AudienceError, ScopeError, type Broadcasts } from '../../notifications/broadcasts.js';
import { audit } from '../../staff/audit.js';
import { HttpError } from '../errors.js';
import { currentStaff } from '../staff-session.js';
import { parseBody, parseQuery } from '../validate.js';

const names = z.array(z.string().trim().min(1).max(50)).max(200).optional();
export const audienceSchema = z
  .object({
    counties: names,
    prefectures: names,
    groups: names,
    interests: names,
    courseId: z.number().int().positive().optional(),
    status: z.array(z.enum(['confirmed', 'waitlisted', 'cancelled', 'attended', 'certified'])).max(5).optional(),
    all: z.boolean().optional(),
  })
  .strict();
const text = z.string().trim().min(1, 'text 不能为空').max(500, 'text 最长500个字');
const previewBody = z.object({ text, audience: audienceSchema }).strict();
const createBody = z.object({ text, audience: audienceSchema, sendAt: z.iso.datetime({ offset: true }).optional() }).strict();
const idParam = z.string().regex(/^\d{1,9}$/, '编号不正确').transform(Number);
const recipientsQuery = z.object({ status: z.string().max(20).optional(), format: z.enum(['json', 'csv']).optional() });

function id(value: string | undefined): number {
  const r = idParam.safeParse(value);
  if (!r.success) throw new HttpError(400, '编号不正确');
  return r.data;
}

const audienceError = (err: unknown) =>
  err instanceof AudienceError ? new HttpError(400, err.message) : err instanceof ScopeError ? new HttpError(err.status, err.message) : err;
const NOT_FOUND = '没有这个群发';

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote always; neutralise spreadsheet formulas.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

export function broadcastRoutes(broadcasts: Broadcasts): Router {
  const router = Router();

  router.get('/broadcasts', async (_req, res) => {
    res.json({ broadcasts: await broadcasts.list(currentStaff(res)) });
  });
  router.post('/broadcasts/preview', async (req, res) => {
    const body = parseBody(req, previewBody);
    res.json(await broadcasts.preview(body.text, body.audience, currentStaff(res)).catch((e) => Promise.reject(audienceError(e))));
  });
  router.post('/broadcasts', async (req, res) => {
    const body = parseBody(req, createBody);
    const who = currentStaff(res);
    const created = await broadcasts
      .create({ text: body.text, audience: body.audience, sendAt: body.sendAt ? new Date(body.sendAt) : undefined, who })
      .catch((e) => Promise.reject(audienceError(e)));
    await audit(broadcasts.db, who, { action: 'broadcast.create', target: `broadcast:${created.id}`, details: { recipients: created.recipients } });
    res.status(201).json(created);
  });
  router.get('/broadcasts/:id', async (req, res) => {
    const status = await broadcasts.status(id(req.params.id), currentStaff(res));
    if (!status) throw new HttpError(404, NOT_FOUND);
    res.json(status);
  });
  router.post('/broadcasts/:id/cancel', async (req, res) => {
    const who = currentStaff(res);
    const bid = id(req.params.id);
    const n = await broadcasts.cancel(bid, who);
    if (n === null) throw new HttpError(404, NOT_FOUND);
    await audit(broadcasts.db, who, { action: 'broadcast.cancel', target: `broadcast:${bid}`, details: { cancelled: n } });
    res.json({ cancelled: n });
  });
  router.get('/broadcasts/:id/recipients', async (req, res) => {
    const q = parseQuery(req, recipientsQuery);
    const bid = id(req.params.id);
    const rows = await broadcasts.recipients(bid, currentStaff(res), q.status);
    if (!rows) throw new HttpError(404, NOT_FOUND);
    if (q.format !== 'csv') {
      res.json({ recipients: rows });
      return;
    }
    const cols = ['id', 'userId', 'phone', 'status', 'skipReason', 'channel', 'route', 'attempts', 'lastError', 'sentAt', 'deliveredAt'] as const;
    const lines = [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))];
    res.type('text/csv; charset=utf-8').attachment(`broadcast-${bid}.csv`).send('\ufeff' + lines.join('\r\n') + '\r\n');
  });
  return router;
}
