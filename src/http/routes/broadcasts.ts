/**
 * Staff broadcast routes (under /api/admin, behind the staff login; mounted by the notifications
 * feature so the console can add role checks here):
 *   POST /broadcasts/preview {text, audience}            → {recipients, byChannel, skipped{optedOut,unreachable,capped}, samples}
 *   POST /broadcasts {text, audience, sendAt?}           → 201 {id, recipients, status}
 *   GET  /broadcasts/:id                                 → {status, counts{queued,sent,delivered,failed,skipped}, …}
 *   POST /broadcasts/:id/cancel                          → {cancelled: n}
 *   GET  /broadcasts/:id/recipients[?status=][&format=csv] → per-recipient outcomes (phones masked)
 * `audience`: counties, prefectures, groups, interests, courseId (+ status), all (see notifications/broadcasts.ts).
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { AudienceError, type Broadcasts } from '../../notifications/broadcasts.js';
import { HttpError } from '../errors.js';
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

const audienceError = (err: unknown) => (err instanceof AudienceError ? new HttpError(400, err.message) : err);

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote always; neutralise spreadsheet formulas.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

export function broadcastRoutes(broadcasts: Broadcasts): Router {
  const router = Router();
  const staffName = (res: Response) => (res.locals.staff as { username?: string } | undefined)?.username ?? 'staff';

  router.post('/broadcasts/preview', async (req, res) => {
    const body = parseBody(req, previewBody);
    res.json(await broadcasts.preview(body.text, body.audience).catch((e) => Promise.reject(audienceError(e))));
  });
  router.post('/broadcasts', async (req, res) => {
    const body = parseBody(req, createBody);
    const created = await broadcasts
      .create({ text: body.text, audience: body.audience, sendAt: body.sendAt ? new Date(body.sendAt) : undefined, createdBy: staffName(res) })
      .catch((e) => Promise.reject(audienceError(e)));
    res.status(201).json(created);
  });
  router.get('/broadcasts/:id', async (req, res) => {
    const status = await broadcasts.status(id(req.params.id));
    if (!status) throw new HttpError(404, '没有这个群发');
    res.json(status);
  });
  router.post('/broadcasts/:id/cancel', async (req, res) => {
    const n = await broadcasts.cancel(id(req.params.id));
    if (n === null) throw new HttpError(404, '没有这个群发');
    res.json({ cancelled: n });
  });
  router.get('/broadcasts/:id/recipients', async (req, res) => {
    const q = parseQuery(req, recipientsQuery);
    const bid = id(req.params.id);
    if (!(await broadcasts.status(bid))) throw new HttpError(404, '没有这个群发');
    const rows = await broadcasts.recipients(bid, q.status);
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
