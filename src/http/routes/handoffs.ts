/**
 * The staff inbox (转人工), under /api/admin, limited to the account's county (institution
 * accounts have no inbox; a request outside the scope answers 404):
 *   GET  /handoffs?status=open|answered|closed&kind=request|abstain
 *        → {"handoffs":[{"id","kind","question","channel","status","createdAt","userId","claimedBy","excerpt"}]}
 *        `question` is the person's last real question; `excerpt` the messages before it.
 *   POST /handoffs/:id/claim                   → {"id","claimedBy"}
 *   POST /handoffs/:id/reply {"text","saveAsQa"?,"qaQuestion"?} → the reply is queued for the
 *        person (the outbound sender delivers it on their channel); {"queued","qaId"?} — queued
 *        false when the same answer to this request was queued before
 *   POST /handoffs/:id/close                   → {"id","status":"closed"}
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { audit } from '../../staff/audit.js';
import { canUseInbox, handoffWhere, type StaffIdentity } from '../../staff/scope.js';
import { HttpError } from '../errors.js';
import { currentStaff } from '../staff-session.js';
import { parseBody, parseQuery } from '../validate.js';

const listQuery = z.object({
  status: z.enum(['open', 'answered', 'closed']).optional(),
  kind: z.enum(['request', 'abstain']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const replyBody = z.object({
  text: z.string().trim().min(1, '请填写回复内容').max(500),
  /** Also store the answer in the knowledge base, so the bot answers the next person. */
  saveAsQa: z.boolean().default(false),
  /** The question to store (default: the person's question). */
  qaQuestion: z.string().trim().min(2).max(200).optional(),
});

export interface HandoffRouteDeps {
  db: Db;
  now(): Date;
  /**
   * Queues a staff reply to the person (the outbound queue; the sender delivers it). `queued`
   * false: the same answer to this request was queued before (nothing new is sent).
   */
  sendReply?(userId: number, text: string, handoffId: number): Promise<{ queued: boolean }>;
  /** Called after a question–answer entry is saved (the knowledge base reloads). */
  qaSaved?(): Promise<void>;
}

const EXCERPT = 6;

function parseId(value: unknown): number {
  const r = z.coerce.number().int().positive().max(2 ** 31).safeParse(value);
  if (!r.success) throw new HttpError(404, '没有找到这条请求');
  return r.data;
}

function inbox(who: StaffIdentity): void {
  if (!canUseInbox(who)) throw new HttpError(403, '机构账号没有人工服务收件箱');
}

export function handoffRoutes(deps: HandoffRouteDeps): Router {
  const { db } = deps;
  const router = Router();

  async function find(who: StaffIdentity, id: number) {
    const row = await db.handoffRequest.findFirst({ where: { AND: [{ id }, handoffWhere(who)] } });
    if (!row) throw new HttpError(404, '没有找到这条请求');
    return row;
  }

  router.get('/handoffs', async (req, res) => {
    const who = currentStaff(res);
    inbox(who);
    const q = parseQuery(req, listQuery);
    const rows = await db.handoffRequest.findMany({
      where: { AND: [handoffWhere(who), q.status ? { status: q.status } : {}, q.kind ? { kind: q.kind } : {}] },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: q.limit,
    });
    const staffNames = new Map(
      (await db.staffAccount.findMany({ where: { id: { in: rows.flatMap((r) => (r.staffId ? [r.staffId] : [])) } }, select: { id: true, username: true } })).map(
        (s) => [s.id, s.username],
      ),
    );
    const handoffs = [];
    for (const r of rows) {
      // The conversation up to the request: the last few messages in and out before it.
      const messages = await db.messageLog.findMany({
        where: { userId: r.userId, createdAt: { lte: r.createdAt }, kind: { in: ['text', 'notice'] } },
        orderBy: { id: 'desc' },
        take: EXCERPT,
        select: { direction: true, text: true, createdAt: true },
      });
      handoffs.push({
        id: r.id,
        kind: r.kind,
        question: r.question,
        channel: r.channel,
        status: r.status,
        createdAt: r.createdAt.toISOString(),
        userId: r.userId,
        countyCode: r.countyCode,
        claimedBy: r.staffId ? (staffNames.get(r.staffId) ?? null) : null,
        answer: r.answer,
        excerpt: messages.reverse().map((m) => ({ direction: m.direction, text: m.text.slice(0, 300), at: m.createdAt.toISOString() })),
      });
    }
    res.json({ handoffs });
  });

  router.post('/handoffs/:id/claim', async (req, res) => {
    const who = currentStaff(res);
    inbox(who);
    const row = await find(who, parseId(req.params.id));
    if (row.staffId && row.staffId !== who.id && row.status === 'open') throw new HttpError(409, '这条请求已被其他工作人员认领');
    await db.handoffRequest.update({ where: { id: row.id }, data: { staffId: who.id, claimedAt: deps.now() } });
    await audit(db, who, { action: 'handoff.claim', target: `handoff:${row.id}` });
    res.json({ id: row.id, claimedBy: who.username });
  });

  router.post('/handoffs/:id/reply', async (req, res) => {
    const who = currentStaff(res);
    inbox(who);
    const row = await find(who, parseId(req.params.id));
    const body = parseBody(req, replyBody);
    if (!deps.sendReply) throw new HttpError(503, '消息发送未配置');
    const sent = await deps.sendReply(row.userId, body.text, row.id);
    await db.handoffRequest.update({
      where: { id: row.id },
      data: { status: 'answered', answer: body.text, answeredAt: deps.now(), staffId: row.staffId ?? who.id },
    });
    let qaId: number | undefined;
    if (body.saveAsQa) {
      const question = body.qaQuestion ?? row.question;
      if (question.trim().length < 2) throw new HttpError(400, '请填写要保存的问题');
      qaId = (await db.knowledgeQa.create({ data: { question, answer: body.text, handoffId: row.id, createdBy: who.username } })).id;
      await deps.qaSaved?.();
    }
    await audit(db, who, { action: 'handoff.reply', target: `handoff:${row.id}`, details: { queued: sent.queued, qaId } });
    // Queued, not delivered yet: delivery is the sender's (GET /handoffs shows the request answered).
    res.json({ queued: sent.queued, ...(qaId ? { qaId } : {}) });
  });

  router.post('/handoffs/:id/close', async (req, res) => {
    const who = currentStaff(res);
    inbox(who);
    const row = await find(who, parseId(req.params.id));
    await db.handoffRequest.update({ where: { id: row.id }, data: { status: 'closed' } });
    await audit(db, who, { action: 'handoff.close', target: `handoff:${row.id}` });
    res.json({ id: row.id, status: 'closed' });
  });
  return router;
}
