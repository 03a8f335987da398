/**
 * Staff routes for requests for a person (转人工), under /api/admin:
 *   GET  /handoffs?status=open|answered|closed  → {"handoffs":[{"id","question","channel","status","createdAt","userId"}]}
 *   POST /handoffs/:id/close                     → {"id","status":"closed"}
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { HttpError } from '../errors.js';
import { parseQuery } from '../validate.js';

const listQuery = z.object({
  status: z.enum(['open', 'answered', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function handoffRoutes(db: Db): Router {
  const router = Router();
  router.get('/handoffs', async (req, res) => {
    const q = parseQuery(req, listQuery);
    const rows = await db.handoffRequest.findMany({
      where: q.status ? { status: q.status } : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: q.limit,
    });
    res.json({
      handoffs: rows.map((r) => ({
        id: r.id,
        question: r.question,
        channel: r.channel,
        status: r.status,
        createdAt: r.createdAt.toISOString(),
        userId: r.userId,
      })),
    });
  });
  router.post('/handoffs/:id/close', async (req, res) => {
    const id = z.coerce.number().int().positive().safeParse(req.params.id);
    if (!id.success) throw new HttpError(404, '没有找到这条请求');
    const { count } = await db.handoffRequest.updateMany({ where: { id: id.data }, data: { status: 'closed' } });
    if (!count) throw new HttpError(404, '没有找到这条请求');
    res.json({ id: id.data, status: 'closed' });
  });
  return router;
}
