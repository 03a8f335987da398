/**
 * The knowledge base: loads clauses from the database, retrieves, decides answer vs abstain,
 * composes the extractive answer and, when configured, lets an LLM rewrite it (grounded).
 */
import type { Db } from '../db/client.js';
import { composeExtractive, footer, clip, type ComposeConcept } from './compose.js';
import type { LlmConfig } from './config.js';
import type { KbLogger } from './ingest.js';
import { LlmRewriter } from './llm.js';
import { factWords, kbMessages } from './messages.js';
import { normalizeText } from './normalize.js';
import { Retriever, type AnalyzedQuery, type ClauseRecord, type Hit } from './retriever.js';
import { checkScope } from './scope.js';
import type { Bm25Options } from './bm25.js';
import type { AskOptions, Citation, KnowledgeBase, PolicyAnswer, RetrievedClause } from './types.js';
import { systemClock } from '../shared/clock.js';

export interface KnowledgeBaseDeps {
  db: Db;
  log: KbLogger;
  llm?: LlmConfig | null;
  clock?: () => Date;
  /** Answer when confidence ≥ this (default 0.3). */
  threshold?: number;
}

/** Default confidence threshold (tuned on the dev set, checked on extra questions). */
export const DEFAULT_THRESHOLD = 0.3;
const DEFAULT_MAX_CHARS = 300;

/** Retrieval confidence in [0, 1]: mostly coverage of the question, some absolute score. */
export function confidenceOf(hit: Hit | undefined): number {
  if (!hit) return 0;
  const c = 0.75 * hit.coverage + 0.25 * Math.min(1, hit.score / 10);
  return Math.round(c * 1000) / 1000;
}

function toCitation(c: ClauseRecord): Citation {
  return { clauseId: c.id, document: c.document, label: c.label, heading: c.headingPath, text: c.text };
}

/** The retriever's word groups (a word and its parts, or one word's synonyms) as answer concepts. */
function conceptsOf(query: AnalyzedQuery): ComposeConcept[] {
  return query.groups
    .map((g) => ({ terms: g.terms.filter((t) => t.startsWith('w:')).map((t) => t.slice(2)), weight: g.weight }))
    .filter((c) => c.terms.length > 0);
}

const LIST_QUESTION = /哪些|哪几|几条|几项|几个方面|有什么|有啥|都有|包括|分别/u;

/** Pure core over loaded clauses (no database): used by the KB and the bench. */
export class PolicyAnswerer {
  readonly retriever: Retriever;
  private readonly rewriter: LlmRewriter | null;

  constructor(
    readonly clauses: ClauseRecord[],
    private readonly options: { llm?: LlmConfig | null; threshold?: number; log?: KbLogger; bm25?: Bm25Options } = {},
  ) {
    this.retriever = Retriever.build(clauses, options.bm25);
    this.rewriter = options.llm ? new LlmRewriter(options.llm) : null;
  }

  private abstain(text: string, confidence: number, maxChars: number): PolicyAnswer {
    return { answered: false, text: clip(`${text}${kbMessages.referral}`, maxChars), citations: [], confidence };
  }

  /** Sibling bullets of a list section the question names (e.g. 基本原则 → its five bullets). */
  private overview(question: string, best: ClauseRecord): string | null {
    if (!LIST_QUESTION.test(question) || !best.label.includes('·')) return null;
    const parent = best.headingPath.split(' > ')[0] ?? '';
    const title = parent.replace(/^[^、]+、/u, '');
    if (!title || !question.includes(title)) return null;
    const siblings = this.clauses.filter(
      (c) => c.documentId === best.documentId && c.headingPath.startsWith(`${parent} > `),
    );
    if (siblings.length < 2) return null;
    return kbMessages.overview(title, siblings.length, siblings.map((c) => c.heading));
  }

  /** Answers or abstains (see KnowledgeBase.ask). */
  async ask(question: string, options: AskOptions = {}): Promise<PolicyAnswer> {
    const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
    if (question.trim() === '') return { answered: false, text: kbMessages.empty, citations: [], confidence: 0 };
    const { query, hits } = this.retriever.search(question, 5);
    const best = hits[0];
    const confidence = confidenceOf(best);
    if (!best) return this.abstain(kbMessages.abstainGeneric, 0, maxChars);
    const scope = checkScope(query.text, this.retriever.normalizedText(best.clause.id));
    if (scope.reason === 'other-place') return this.abstain(kbMessages.abstainPlace(scope.detail ?? ''), confidence, maxChars);
    if (scope.reason === 'other-topic') {
      return this.abstain(kbMessages.abstainTopic(scope.detail?.split('、')[0] ?? ''), confidence, maxChars);
    }
    if (scope.reason === 'missing-fact') {
      return this.abstain(kbMessages.abstainFact(factWords[scope.detail ?? ''] ?? '内容'), confidence, maxChars);
    }
    if (confidence < (this.options.threshold ?? DEFAULT_THRESHOLD)) {
      return this.abstain(kbMessages.abstainGeneric, confidence, maxChars);
    }
    const top = hits.slice(0, 3);
    const citations = top.map((h) => toCitation(h.clause));
    const c = best.clause;
    const overview = this.overview(query.text, c);
    const extractive = overview
      ? clip(overview, maxChars - footer(c.document, c.label, maxChars).length) + footer(c.document, c.label, maxChars)
      : composeExtractive({
          document: c.document,
          label: c.label,
          text: c.text,
          heading: c.heading,
          words: query.words,
          expansions: query.expansions,
          concepts: conceptsOf(query),
          phrases: query.phrases,
          idf: (w) => this.retriever.wordIdf(w),
          maxChars,
        });
    let text = extractive;
    if (this.rewriter) {
      const tail = footer(c.document, c.label, maxChars);
      const outcome = await this.rewriter.rewrite(
        question,
        top.map((h) => ({ id: h.clause.id, label: h.clause.label, text: h.clause.text })),
        Math.max(20, maxChars - tail.length),
      );
      if (outcome.ok) {
        const cited = top.find((h) => h.clause.id === outcome.citedClauseIds[0])?.clause ?? c;
        const t = footer(cited.document, cited.label, maxChars);
        text = clip(outcome.answer, maxChars - t.length) + t;
      } else {
        this.options.log?.warn({ reason: outcome.reason }, 'llm rewrite rejected, using extractive answer');
      }
    }
    return { answered: true, text, citations, confidence };
  }

  /** Clauses whose text names `term` (or one of its synonyms), most mentions first. */
  mentioning(term: string, limit = 3): Citation[] {
    const q = this.retriever.analyze(term);
    const needles = [normalizeText(term), ...q.expansions].filter((n) => n.length > 0);
    return this.clauses
      .map((c) => {
        const t = this.retriever.normalizedText(c.id);
        const count = needles.reduce((n, w) => n + (t.split(w).length - 1), 0);
        return { c, count };
      })
      .filter((x) => x.count > 0)
      .sort((a, b) => b.count - a.count)
      .slice(0, limit)
      .map((x) => toCitation(x.c));
  }

  clause(id: number): Citation | null {
    const c = this.clauses.find((x) => x.id === id);
    return c ? toCitation(c) : null;
  }
}

/** Staff question–answer entries as clauses of a virtual document (negative ids never collide). */
export const QA_DOCUMENT_ID = -1;

function qaClause(q: { id: number; question: string; answer: string }): ClauseRecord {
  return {
    id: -q.id,
    documentId: QA_DOCUMENT_ID,
    document: kbMessages.qaDocument,
    label: `问答${q.id}`,
    headingPath: q.question,
    heading: q.question,
    text: q.answer,
  };
}

/** Loads the clauses of the documents in force at `now`, plus the active question–answer entries. */
export async function loadClauses(db: Db, now: Date): Promise<ClauseRecord[]> {
  const [docs, qas] = await Promise.all([loadDocuments(db, inForce(now)), db.knowledgeQa.findMany({ where: { active: true }, orderBy: { id: 'asc' } })]);
  return [...docs.clauses, ...qas.map(qaClause)];
}

const inForce = (now: Date) => ({
  AND: [
    { OR: [{ effectiveFrom: null }, { effectiveFrom: { lte: now } }] },
    { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
  ],
});

async function loadDocuments(db: Db, where: object): Promise<{ clauses: ClauseRecord[]; expiry: Map<number, Date | null> }> {
  const docs = await db.policyDocument.findMany({
    where,
    include: { clauses: { orderBy: { ordinal: 'asc' } } },
    orderBy: { id: 'asc' },
  });
  const clauses = docs.flatMap((d) =>
    d.clauses.map((c) => ({
      id: c.id,
      documentId: d.id,
      document: d.title,
      label: c.label,
      headingPath: c.headingPath,
      heading: c.heading,
      text: c.text,
    })),
  );
  return { clauses, expiry: new Map(docs.map((d) => [d.id, d.expiresAt])) };
}

/** The next instant a document comes into force or expires (the index must be rebuilt then). */
async function nextBoundary(db: Db, now: Date): Promise<number> {
  const [e, x] = await Promise.all([
    db.policyDocument.findFirst({ where: { effectiveFrom: { gt: now } }, orderBy: { effectiveFrom: 'asc' }, select: { effectiveFrom: true } }),
    db.policyDocument.findFirst({ where: { expiresAt: { gt: now } }, orderBy: { expiresAt: 'asc' }, select: { expiresAt: true } }),
  ]);
  return Math.min(e?.effectiveFrom?.getTime() ?? Infinity, x?.expiresAt?.getTime() ?? Infinity);
}

/**
 * Builds the knowledge base from the database (call `ensureDefaultCorpus` first). The index is
 * rebuilt by `reload()` (after staff change documents or Q&A entries) and by itself when a
 * document's effective or expiry date passes. A question whose best match is only in an expired
 * document gets "《…》已于…失效" instead of a citation (`expired: true`).
 */
export async function createKnowledgeBase(deps: KnowledgeBaseDeps): Promise<KnowledgeBase> {
  const now = () => (deps.clock ? deps.clock() : systemClock.now());
  const threshold = deps.threshold ?? DEFAULT_THRESHOLD;
  let answerer: PolicyAnswerer;
  let expired: { answerer: PolicyAnswerer; expiry: Map<number, Date | null> } | null;
  let boundary = Infinity;

  async function build(): Promise<void> {
    const at = now();
    const clauses = await loadClauses(deps.db, at);
    answerer = new PolicyAnswerer(clauses, { llm: deps.llm ?? null, threshold, log: deps.log });
    const old = await loadDocuments(deps.db, { expiresAt: { lte: at } });
    expired = old.clauses.length ? { answerer: new PolicyAnswerer(old.clauses, { threshold }), expiry: old.expiry } : null;
    boundary = await nextBoundary(deps.db, at);
    deps.log.info({ clauses: clauses.length, expiredClauses: old.clauses.length, llm: Boolean(deps.llm) }, 'knowledge base ready');
  }
  async function fresh(): Promise<void> {
    if (now().getTime() >= boundary) await build();
  }
  await build();

  async function ask(question: string, options?: AskOptions): Promise<PolicyAnswer> {
    await fresh();
    const answer = await answerer.ask(question, options);
    if (answer.answered || !expired) return answer;
    const old = await expired.answerer.ask(question, options);
    const cited = old.citations[0];
    if (!old.answered || !cited || old.confidence <= answer.confidence) return answer;
    const doc = expired.answerer.clauses.find((c) => c.id === cited.clauseId);
    const date = doc ? expired.expiry.get(doc.documentId) : null;
    const text = clip(`${kbMessages.expired(cited.document, date ? date.toISOString().slice(0, 10) : '')}${kbMessages.referral}`, options?.maxChars ?? DEFAULT_MAX_CHARS);
    return { answered: false, expired: true, text, citations: [], confidence: old.confidence };
  }

  return {
    ask,
    clause: async (id) => answerer.clause(id) ?? null,
    clausesMentioning: async (term, limit) => answerer.mentioning(term, limit),
    reload: build,
    async explain(question) {
      await fresh();
      const answer = await ask(question);
      const rank = (a: PolicyAnswerer, source: 'in-force' | 'expired'): RetrievedClause[] =>
        a.retriever.search(question, 5).hits.map((h) => ({
          ...toCitation(h.clause),
          score: Math.round(h.score * 1000) / 1000,
          coverage: Math.round(h.coverage * 1000) / 1000,
          confidence: confidenceOf(h),
          source: source === 'in-force' && h.clause.documentId === QA_DOCUMENT_ID ? 'qa' : source,
        }));
      const clauses = [...rank(answerer, 'in-force'), ...(expired ? rank(expired.answerer, 'expired') : [])].sort((a, b) => b.score - a.score);
      return { answer, clauses };
    },
  };
}
