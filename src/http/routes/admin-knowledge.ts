/**
 * The console's knowledge-base routes (under /api/admin):
 *   GET   /kb/documents                       → {"documents":[{"id","key","title","effectiveFrom","expiresAt","inForce","clauses"}]}
 *   GET   /kb/documents/:id/clauses           → {"clauses":[{"label","headingPath","text"}]}
 *   POST  /kb/documents {"key","text","title"?,"effectiveFrom"?,"expiresAt"?}   (admin) text/Markdown;
 *         or the file itself as text/plain | text/markdown with ?key=&title=&effectiveFrom=&expiresAt=
 *   PATCH /kb/documents/:id {"effectiveFrom"?,"expiresAt"?}                      (admin)
 *   POST  /kb/test {"question"}               → {"answer","clauses":[…scores]}
 *   GET   /kb/qa · POST /kb/qa {"question","answer"} · PATCH /kb/qa/:id {"question"?,"answer"?,"active"?}
 *   GET   /knowledge/synonyms → {"synonyms":[{"word","replacement","source":"shipped"|"staff","id"?,"createdBy"?,"createdAt"?,"overridden"?}]}
 *   POST  /knowledge/synonyms {"word","replacement"} (replacement: words separated by spaces) · DELETE /knowledge/synonyms/:id
 * Documents are province policy: only admin changes them. Q&A entries: admin and county staff.
 * Every change reloads the knowledge base, so the bot uses it at once.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ingestText } from '../../knowledge/ingest.js';
import { shippedSynonymList } from '../../knowledge/lexicon.js';
import type { KnowledgeBase } from '../../knowledge/types.js';
import { audit } from '../../staff/audit.js';
import { canUseInbox } from '../../staff/scope.js';
import { HttpError } from '../errors.js';
import { currentStaff, requireRole } from '../staff-session.js';
import { parseBody, parseQuery } from '../validate.js';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式如 2026-03-01')
  .transform((s) => new Date(`${s}T00:00:00+08:00`))
  .nullable();
const idParam = z.string().regex(/^\d{1,9}$/).transform(Number);
const docBody = z.object({
  key: z.string().trim().regex(/^[\w.\-\u4e00-\u9fff（）()]{2,100}$/u, '文件标识只能用文字、字母、数字和 . - _'),
  text: z.string().min(20, '政策文本太短').max(2_000_000),
  title: z.string().trim().min(2).max(200).optional(),
  effectiveFrom: date.optional(),
  expiresAt: date.optional(),
});
const synWord = /^[\u4e00-\u9fffA-Za-z0-9]{1,12}$/u;
const synonymBody = z
  .object({
    word: z.string().trim().regex(synWord, '词语只能是 1–12 个汉字、字母或数字'),
    replacement: z
      .string()
      .trim()
      .transform((s) => s.split(/\s+/u).filter(Boolean))
      .pipe(z.array(z.string().regex(synWord, '替换词只能是 1–12 个汉字、字母或数字，多个用空格分开')).min(1, '请填写替换词').max(8, '替换词最多 8 个')),
  })
  .refine((b) => !b.replacement.includes(b.word), { message: '替换词不能和词语本身相同', path: ['replacement'] });
const qaBody = z.object({ question: z.string().trim().min(2).max(200), answer: z.string().trim().min(2).max(500) });

function id(v: unknown): number {
  const r = idParam.safeParse(v);
  if (!r.success) throw new HttpError(404, '没有找到');
  return r.data;
}

export function adminKnowledgeRoutes(deps: { db: Db; knowledge: KnowledgeBase; now(): Date }): Router {
  const { db, knowledge } = deps;
  const router = Router();
  const staffOnly = (_req: unknown, res: import('express').Response, next: () => void) => {
    if (!canUseInbox(currentStaff(res))) {
      res.status(403).json({ error: '机构账号不能管理政策知识库' });
      return;
    }
    next();
  };
  const reload = async () => {
    await knowledge.reload?.();
  };

  router.get('/kb/documents', staffOnly, async (_req, res) => {
    const now = deps.now();
    const docs = await db.policyDocument.findMany({ orderBy: { id: 'asc' }, include: { _count: { select: { clauses: true } } } });
    res.json({
      documents: docs.map((d) => ({
        id: d.id,
        key: d.key,
        title: d.title,
        source: d.source,
        effectiveFrom: d.effectiveFrom?.toISOString() ?? null,
        expiresAt: d.expiresAt?.toISOString() ?? null,
        inForce: (!d.effectiveFrom || d.effectiveFrom <= now) && (!d.expiresAt || d.expiresAt > now),
        clauses: d._count.clauses,
        updatedAt: d.updatedAt.toISOString(),
      })),
    });
  });

  router.get('/kb/documents/:id/clauses', staffOnly, async (req, res) => {
    const rows = await db.policyClause.findMany({ where: { documentId: id(req.params.id) }, orderBy: { ordinal: 'asc' } });
    res.json({ clauses: rows.map((c) => ({ id: c.id, label: c.label, headingPath: c.headingPath, text: c.text })) });
  });

  const text = express.text({ type: ['text/plain', 'text/markdown'], limit: '3mb' });
  router.post('/kb/documents', requireRole('admin'), text, async (req, res) => {
    const body = typeof req.body === 'string' ? { ...parseQuery(req, docBody.omit({ text: true })), ...parseBody({ body: { text: req.body } } as never, docBody.pick({ text: true })) } : parseBody(req, docBody);
    let result;
    try {
      result = await ingestText(db, body.text, {
        key: body.key,
        source: `console:${currentStaff(res).username}`,
        ...(body.title ? { title: body.title } : {}),
        effectiveFrom: body.effectiveFrom ?? null,
        expiresAt: body.expiresAt ?? null,
        force: true,
      });
    } catch (err) {
      throw new HttpError(422, `无法识别政策条款：${err instanceof Error ? err.message : String(err)}`);
    }
    await reload();
    await audit(db, currentStaff(res), { action: 'kb.upload', target: `document:${result.documentId}`, details: { key: body.key, clauses: result.clauses } });
    res.status(201).json({ id: result.documentId, title: result.title, clauses: result.clauses, repairs: result.report.repairs.length, unrepaired: result.report.unrepaired });
  });

  router.patch('/kb/documents/:id', requireRole('admin'), async (req, res) => {
    const docId = id(req.params.id);
    const body = parseBody(req, z.object({ effectiveFrom: date.optional(), expiresAt: date.optional() }));
    const { count } = await db.policyDocument.updateMany({ where: { id: docId }, data: body });
    if (!count) throw new HttpError(404, '没有找到这个文件');
    await reload();
    await audit(db, currentStaff(res), { action: 'kb.dates', target: `document:${docId}`, details: body });
    res.json({ ok: true });
  });

  router.post('/kb/test', staffOnly, async (req, res) => {
    const { question } = parseBody(req, z.object({ question: z.string().trim().min(1).max(200) }));
    if (!knowledge.explain) throw new HttpError(503, '知识库不支持测试');
    res.json(await knowledge.explain(question));
  });

  router.get('/kb/qa', staffOnly, async (_req, res) => {
    const rows = await db.knowledgeQa.findMany({ orderBy: { id: 'desc' }, take: 500 });
    res.json({ entries: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() })) });
  });
  router.post('/kb/qa', staffOnly, async (req, res) => {
    const body = parseBody(req, qaBody);
    const row = await db.knowledgeQa.create({ data: { ...body, createdBy: currentStaff(res).username } });
    await reload();
    await audit(db, currentStaff(res), { action: 'kb.qa.create', target: `qa:${row.id}` });
    res.status(201).json({ id: row.id });
  });
  router.patch('/kb/qa/:id', staffOnly, async (req, res) => {
    const qaId = id(req.params.id);
    const body = parseBody(req, qaBody.partial().extend({ active: z.boolean().optional() }));
    const { count } = await db.knowledgeQa.updateMany({ where: { id: qaId }, data: body });
    if (!count) throw new HttpError(404, '没有找到这条问答');
    await reload();
    await audit(db, currentStaff(res), { action: 'kb.qa.update', target: `qa:${qaId}`, details: body });
    res.json({ ok: true });
  });

  router.get('/knowledge/synonyms', staffOnly, async (_req, res) => {
    const rows = await db.knowledgeSynonym.findMany({ orderBy: { id: 'asc' } });
    const staffWords = new Set(rows.map((r) => r.word));
    res.json({
      synonyms: [
        ...rows.map((r) => ({ id: r.id, word: r.word, replacement: r.replacement, source: 'staff' as const, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() })),
        ...shippedSynonymList().map((s) => ({ word: s.key, replacement: s.expansions.join(' '), source: 'shipped' as const, overridden: staffWords.has(s.key) })),
      ],
    });
  });
  router.post('/knowledge/synonyms', staffOnly, async (req, res) => {
    const body = parseBody(req, synonymBody);
    const replacement = [...new Set(body.replacement)].join(' ');
    const taken = () => new HttpError(409, `「${body.word}」已经有人工同义词，请先删除`);
    if (await db.knowledgeSynonym.findUnique({ where: { word: body.word } })) throw taken();
    // The unique index settles two staff adding the same word at once.
    const row = await db.knowledgeSynonym.create({ data: { word: body.word, replacement, createdBy: currentStaff(res).username } }).catch((err: unknown) => {
      throw (err as { code?: string }).code === 'P2002' ? taken() : err;
    });
    await reload();
    await audit(db, currentStaff(res), { action: 'kb.synonym.create', target: `synonym:${row.id}`, details: { word: row.word, replacement } });
    res.status(201).json({ id: row.id, word: row.word, replacement });
  });
  router.delete('/knowledge/synonyms/:id', staffOnly, async (req, res) => {
    const synId = id(req.params.id);
    const row = await db.knowledgeSynonym.findUnique({ where: { id: synId } });
    if (!row) throw new HttpError(404, '没有找到这条同义词');
    await db.knowledgeSynonym.delete({ where: { id: synId } });
    await reload();
    await audit(db, currentStaff(res), { action: 'kb.synonym.delete', target: `synonym:${synId}`, details: { word: row.word, replacement: row.replacement } });
    res.json({ ok: true });
  });
  return router;
}
