/**
 * The knowledge base: loads clauses from the database, retrieves, decides answer vs abstain,
 * composes the extractive answer and, when configured, lets an LLM rewrite it (grounded).
 */
import type { Db } from '../db/client.js';
import { composeBody, composeExtractive, DEFAULT_BODY_CHARS, footer, clip, type ComposeConcept } from './compose.js';
import type { LlmConfig } from './config.js';
import type { KbLogger } from './ingest.js';
import { LlmRewriter } from './llm.js';
import { LlmReranker } from './rerank.js';
import { factWords, kbMessages } from './messages.js';
import { departmentsOf, END_STATE_ASK, GENERIC_ITEM_WORD, headNoun, ITEM_REF, LEAD_NOTE, LEADS_ASK, usualLead } from './document-questions.js';
import { normalizeText } from './normalize.js';
import { Retriever, type AnalyzedQuery, type ClauseRecord, type Hit, type RetrieverOptions } from './retriever.js';
import { asksToLearn, checkScope, otherTopic, type ScopeCheck } from './scope.js';
import { loadLexicon, setStaffSynonyms } from './lexicon.js';
import { addWords } from './segment.js';
import type { AbstainReason, AskOptions, Choice, Citation, KnowledgeBase, PolicyAnswer, RetrievedClause } from './types.js';
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

/**
 * Retrieval confidence in [0, 1]: the clause's own evidence (coverage of the question, BM25), the
 * paraphrase match (scaled by how much of the question the documents know) and the classifier's
 * probability (discounted by its "none of the clauses" probability) combined as independent
 * evidence (noisy-or).
 */
export function confidenceOf(hit: Hit | undefined): number {
  if (!hit) return 0;
  const learned = hit.learned * (1 - hit.outside);
  return Math.round((1 - (1 - wordConfidenceOf(hit)) * (1 - learned)) * 1000) / 1000;
}

/**
 * The confidence the words alone give (clause and paraphrase evidence, no classifier): whether to
 * ask back is judged on it, so a short question that fits two clauses alike (技能提升) still gets
 * the choice.
 */
function wordConfidenceOf(hit: Hit): number {
  const clause = 0.75 * hit.coverage + 0.25 * Math.min(1, hit.score / 10);
  const paraphrase = hit.paraphrase * hit.known;
  return 1 - (1 - clause) * (1 - paraphrase);
}

/**
 * Ask back (您是想问：1 … 2 …) when the runner-up ranks within this share of the best, the best is
 * not a clear paraphrase match and its confidence is below SURE. (Measured: most close pairs
 * still have the right clause first, so asking back is kept for the unsure ones.)
 */
export const CLOSE_SHARE = 0.93;
/** A paraphrase match this good settles the question: no asking back. */
const CLEAR_PARAPHRASE = 0.75;
/** A classifier probability this high (more than all other clauses together) settles it too. */
const CLEAR_LEARNED = 0.5;
/** A best clause this confident is answered without asking back. */
const SURE = 0.8;
/**
 * A runner-up is offered as a choice only when the classifier gives it at least this share of the
 * best clause's probability: the words may fit 规划是谁发的 (政府), but a returning worker asking
 * whether the government helps him learn a trade is not asking that. (Cross-validation: top-1
 * unchanged, fewer and cleaner ask-backs.)
 */
const CHOICE_LEARNED_SHARE = 0.1;
/**
 * The classifier's "none of the clauses" class: more probable than all clauses together (and the best one),
 * abstains unless the best clause is at least OUTSIDE_OVERRIDE confident (cross-validated over the
 * paraphrase writers, like CLASSIFIER_WEIGHT: an override of 0.7 or 0.75 abstained on fewer
 * out-of-scope questions at the same top-1).
 */
const OUTSIDE_ABSTAIN = 0.5;
const OUTSIDE_OVERRIDE = 0.8;

function toCitation(c: ClauseRecord): Citation {
  return { clauseId: c.id, document: c.document, label: c.label, heading: c.headingPath, text: c.text };
}

/** The retriever's word groups (a word and its parts, or one word's synonyms) as answer concepts. */
function conceptsOf(query: AnalyzedQuery, weight = 1): ComposeConcept[] {
  return query.groups
    .map((g) => ({ terms: g.terms.filter((t) => t.startsWith('w:')).map((t) => t.slice(2)), weight: g.weight * weight }))
    .filter((c) => c.terms.length > 0);
}

const LIST_QUESTION = /哪些|哪几|几条|几项|几个方面|有什么|有啥|都有|包括|分别/u;
/** Asking an amount (多少钱, 几块): the scope check decides, this is not a yes/no cost question. */
const AMOUNT = /多少|几块|几百|几千|几万/u;
/**
 * A question naming another office's topic but asking to learn something is answered from the
 * clause its other words match at least this confidently (the topic list does not override a
 * clause the question clearly matches).
 */
const CLEAR_WITHOUT_TOPIC = 0.4;
/** A word at least this rare names someone or something in particular (培训 does not). */
const SPECIFIC_IDF = 1;

/** Pure core over loaded clauses (no database): used by the KB and the bench. */
export class PolicyAnswerer {
  readonly retriever: Retriever;
  private readonly rewriter: LlmRewriter | null;
  private readonly reranker: LlmReranker | null;
  /** Analyzed paraphrases (a few hundred at most). */
  private readonly paraphraseCache = new Map<string, ComposeConcept[]>();

  constructor(
    readonly clauses: ClauseRecord[],
    private readonly options: { llm?: LlmConfig | null; threshold?: number; log?: KbLogger; retrieval?: RetrieverOptions } = {},
  ) {
    this.retriever = Retriever.build(clauses, options.retrieval);
    this.rewriter = options.llm ? new LlmRewriter(options.llm) : null;
    this.reranker = options.llm ? new LlmReranker(options.llm) : null;
  }

  private abstain(reason: AbstainReason, text: string, confidence: number, maxChars: number): PolicyAnswer {
    return { answered: false, text: clip(`${text}${kbMessages.referral}`, maxChars), citations: [], confidence, abstainReason: reason };
  }

  private topicAbstain(scope: ScopeCheck, confidence: number, maxChars: number): PolicyAnswer {
    const office = scope.referral ? kbMessages.referrals[scope.referral] : undefined;
    if (office) return { answered: false, text: clip(office, maxChars), citations: [], confidence, abstainReason: 'other-topic' };
    return this.abstain('other-topic', kbMessages.abstainTopic(scope.detail ?? ''), confidence, maxChars);
  }

  /** The list sections of the documents (a parent heading over ≥ 2 bullets, e.g. 二、基本原则). */
  private listSections(): Array<{ title: string; clauses: ClauseRecord[] }> {
    const sections = new Map<string, { title: string; clauses: ClauseRecord[] }>();
    for (const c of this.clauses) {
      if (!c.label.includes('·')) continue;
      const parent = c.headingPath.split(' > ')[0] ?? '';
      const title = parent.replace(/^[^、]+、/u, '');
      if (!title) continue;
      const key = `${c.documentId}:${parent}`;
      const s = sections.get(key) ?? { title, clauses: [] };
      s.clauses.push(c);
      sections.set(key, s);
    }
    return [...sections.values()].filter((s) => s.clauses.length >= 2);
  }

  /**
   * The list section a question about the document names: by its title, or by the title's head
   * noun (几条原则 → 基本原则) when the question asks for a list.
   */
  private namedSection(question: string): { title: string; clauses: ClauseRecord[] } | null {
    const list = LIST_QUESTION.test(question);
    return this.listSections().find((s) => question.includes(s.title) || (list && question.includes(headNoun(s.title)))) ?? null;
  }

  /** Sibling bullets of a list section the question names (e.g. 基本原则 → its five bullets). */
  private overview(question: string, best: ClauseRecord): string | null {
    if (!LIST_QUESTION.test(question)) return null;
    const section = this.namedSection(question);
    if (!section || !section.clauses.some((c) => c.id === best.id)) return null;
    return kbMessages.overview(section.title, section.clauses.length, section.clauses.map((c) => c.heading));
  }

  /**
   * Questions about the document itself, routed to the right part of it: who leads an item (the
   * item's first listed department, or the plan's note on leads), what a list section holds,
   * what the plan wants to achieve in the end (the best-matching bullet of its goals section).
   */
  private documentAnswer(query: AnalyzedQuery, threshold: number, maxChars: number): PolicyAnswer | null {
    const text = query.text;
    if (LEADS_ASK.test(text)) {
      const note = this.clauses.find((c) => LEAD_NOTE.test(c.text));
      if (!note) return null;
      const rest = this.retriever.analyze(text.replace(new RegExp(LEADS_ASK.source, 'gu'), '，'));
      const item = this.retriever.search(rest, 3).hits[0];
      const departments = item && confidenceOf(item) >= threshold ? departmentsOf(item.clause.text) : [];
      // 括号里那么多部门谁牵头 names no item: the plan's note answers it, not the best-matching item.
      const namesItem = rest.words.some((w) => !GENERIC_ITEM_WORD.test(w) && this.retriever.wordIdf(w, 0) >= SPECIFIC_IDF);
      if (item && departments.length > 0 && (namesItem || !ITEM_REF.test(text))) {
        const lead = kbMessages.leads(departments[0]!);
        const body = this.compose(item.clause, rest, this.paraphraseConcepts(item), Math.max(40, maxChars - lead.length));
        const citations = [toCitation(item.clause), ...(note.id === item.clause.id ? [] : [toCitation(note)])];
        return { answered: true, text: clip(lead + body, maxChars), citations, confidence: confidenceOf(item) };
      }
      // 谁负责 about a matched clause without a department list: that clause says who is in
      // charge; so does 强化组织领导 for the plan as a whole (规划由哪个部门牵头). The note
      // answers a question about the items' department lists (每条、括号里列的).
      if (item && confidenceOf(item) >= threshold && !text.includes('牵头')) return null;
      if (!ITEM_REF.test(text)) return null;
      const tail = footer(note.document, note.label, maxChars);
      const body = kbMessages.leadNote(usualLead(this.clauses.map((c) => c.text)));
      return { answered: true, text: clip(body, maxChars - tail.length) + tail, citations: [toCitation(note)], confidence: threshold };
    }
    const section = LIST_QUESTION.test(text) ? this.namedSection(text) : END_STATE_ASK.test(text) ? this.goalSection() : null;
    if (!section) return null;
    const ranked = this.retriever.search(query, this.clauses.length).hits.filter((h) => section.clauses.some((c) => c.id === h.clause.id));
    const lead = ranked[0]?.clause ?? section.clauses[0]!;
    const others = section.clauses.filter((c) => c.id !== lead.id);
    const citations = [lead, ...others].slice(0, 3).map(toCitation);
    const extra = ranked[0] ? this.paraphraseConcepts(ranked[0]) : [];
    const answer = this.compose(lead, query, extra, maxChars);
    return { answered: true, text: answer, citations, confidence: Math.max(threshold, confidenceOf(ranked[0])) };
  }

  /** The goals section (主要目标): what the plan wants to achieve. */
  private goalSection(): { title: string; clauses: ClauseRecord[] } | null {
    return this.listSections().find((s) => headNoun(s.title) === '目标') ?? null;
  }

  /** Two or three clauses that fit about equally, with their plain topics (else null). */
  private closeChoices(hits: Hit[], threshold: number): Choice[] | null {
    const [first, second] = hits;
    if (!first || !second || first.rank <= 0) return null;
    if (first.paraphrase >= CLEAR_PARAPHRASE || wordConfidenceOf(first) >= SURE || first.learned >= CLEAR_LEARNED) return null;
    // Closeness is judged on the word evidence: the classifier orders the choices but does not
    // on its own talk the bot out of asking back when the words fit two clauses alike.
    const top = Math.max(...hits.slice(0, 3).map((h) => h.evidence));
    const close = hits
      .slice(0, 3)
      .filter((h, i) => i === 0 || (h.evidence >= CLOSE_SHARE * top && confidenceOf(h) >= threshold && h.learned >= CHOICE_LEARNED_SHARE * first.learned));
    if (close.length < 2) return null;
    const choices = close.map((h) => ({ clauseId: h.clause.id, label: this.retriever.topicOf(h.clause.id) ?? h.clause.heading }));
    // Two clauses under one plain topic would read as the same choice twice.
    if (new Set(choices.map((c) => c.label)).size < choices.length) return null;
    return choices;
  }

  /** The local ranking is unsure: a runner-up exists and neither the paraphrase, the classifier nor the confidence settles the best. */
  private isUnsure(hits: Hit[]): boolean {
    const [first, second] = hits;
    return (
      first !== undefined &&
      second !== undefined &&
      first.paraphrase < CLEAR_PARAPHRASE &&
      first.learned < CLEAR_LEARNED &&
      wordConfidenceOf(first) < SURE
    );
  }

  /**
   * With an LLM configured: the model picks the best of the top three (that clause moves first)
   * or says none fits ('none'); null keeps the local ranking (no LLM, timeout, bad output).
   */
  private async rerank(question: string, hits: Hit[]): Promise<Hit[] | 'none' | null> {
    if (!this.reranker) return null;
    const top = hits.slice(0, 3);
    const outcome = await this.reranker.rerank(
      question,
      top.map((h) => ({ id: h.clause.id, topic: this.retriever.topicOf(h.clause.id) ?? undefined, text: h.clause.text })),
    );
    if (!outcome.ok) {
      this.options.log?.warn({ reason: outcome.reason }, 'llm re-rank rejected, keeping the local ranking');
      return null;
    }
    if (outcome.noneFits) return 'none';
    const best = top.find((h) => h.clause.id === outcome.best)!;
    return [best, ...hits.filter((h) => h !== best)];
  }

  /** Words of the question's best paraphrase match, as weaker answer concepts. */
  private paraphraseConcepts(hit: Hit): ComposeConcept[] {
    const text = hit.paraphraseText;
    if (!text) return [];
    let concepts = this.paraphraseCache.get(text);
    if (!concepts) {
      concepts = conceptsOf(this.retriever.analyze(text), 0.5);
      this.paraphraseCache.set(text, concepts);
    }
    return concepts;
  }

  /** The extractive answer from one clause. */
  private compose(c: ClauseRecord, query: AnalyzedQuery, extra: ComposeConcept[], maxChars: number): string {
    const overview = this.overview(query.text, c);
    const tail = footer(c.document, c.label, maxChars);
    if (overview) return clip(overview, maxChars - tail.length) + tail;
    return composeExtractive({
      document: c.document,
      label: c.label,
      text: c.text,
      heading: c.heading,
      words: query.words,
      expansions: query.expansions,
      concepts: [...conceptsOf(query), ...extra],
      phrases: query.phrases,
      idf: (w) => this.retriever.wordIdf(w),
      maxChars,
    });
  }

  /**
   * "要钱不 / 免费吗": leads with what the plan says about subsidized training, then what it
   * offers the asker's group (the clause the rest of the question names, when it names someone
   * in particular) or, for anyone, where training money comes from; then that the plan names no
   * amounts. Cited first: the group's clause, else the clause about who pays.
   */
  private costAnswer(query: AnalyzedQuery, hits: Hit[], threshold: number, maxChars: number): { text: string; citations: Citation[] } | null {
    const lex = loadLexicon();
    let rest = query.text;
    for (const w of lex.costAsks) rest = rest.split(w).join(' ');
    const restQuery = this.retriever.analyze(rest);
    // Someone in particular (技校, 贫困户, 退伍军人), not just 培训 / 参加.
    const named = restQuery.words.some((w) => this.retriever.wordIdf(w) >= SPECIFIC_IDF);
    const group = named ? this.retriever.search(restQuery, 3).hits[0] : undefined;
    const groupClause = group && confidenceOf(group) >= threshold ? group.clause : null;
    const has = (c: ClauseRecord, phrases: string[]): string | undefined => phrases.find((p) => c.text.includes(p) || c.headingPath.includes(p));
    const subsidy =
      (groupClause && has(groupClause, lex.subsidyPhrases) ? groupClause : null) ??
      lex.subsidyPhrases.map((p) => this.clauses.find((c) => c.text.includes(p))).find((c) => c !== undefined);
    if (!subsidy) return null;
    const funding = this.clauses.find((c) => has(c, lex.fundingPhrases));
    const first = groupClause ?? funding ?? subsidy;
    const labels = first.id === subsidy.id ? first.label : `${first.label}、${subsidy.label}`;
    const tail = footer(first.document, labels, maxChars);
    const room = Math.max(10, Math.min(DEFAULT_BODY_CHARS, maxChars - tail.length));
    // A tight channel (SMS 70) keeps the quote and drops the frame around it.
    const frame = kbMessages.costLead.length + kbMessages.costUnknown.length;
    const framed = room - frame >= 24;
    const budget = framed ? room - frame : room;
    const idf = (w: string): number => this.retriever.wordIdf(w);
    const compose = (c: ClauseRecord, concepts: ComposeConcept[], b: number): string =>
      composeBody({ document: c.document, label: c.label, text: c.text, words: [], concepts, idf, maxChars: b, bodyChars: b }, b);
    const two = first.id !== subsidy.id;
    const restConcepts = conceptsOf(restQuery);
    let body = compose(subsidy, [{ terms: [has(subsidy, lex.subsidyPhrases)!], weight: 3 }, ...restConcepts.map((c) => ({ ...c, weight: c.weight / 2 }))], two ? Math.floor(budget * 0.55) : budget);
    if (two && budget - body.length >= 24) {
      const own = first === groupClause ? restConcepts : lex.subsidyPhrases.map((p) => ({ terms: [p], weight: 2 }));
      body += compose(first, own, budget - body.length);
    }
    const citations = two ? [toCitation(first), toCitation(subsidy)] : [toCitation(first)];
    for (const h of hits) if (citations.length < 3 && !citations.some((c) => c.clauseId === h.clause.id)) citations.push(toCitation(h.clause));
    const text = framed ? `${kbMessages.costLead}${body}${kbMessages.costUnknown}${tail}` : `${body}${tail}`;
    return { text, citations };
  }

  /**
   * The answer to the question with another office's topic words cut out, when it still asks to
   * learn something and a clause matches it clearly; else null.
   */
  private async withoutTopic(text: string, scope: ScopeCheck, options: AskOptions): Promise<PolicyAnswer | null> {
    if (!scope.matched?.length) return null;
    let rest = text;
    for (const w of scope.matched) rest = rest.split(w).join('，');
    // Asking to learn is judged without the topic's words (学车 is the topic, not a wish to learn).
    if (rest === text || !asksToLearn(rest) || otherTopic(rest, null)) return null;
    const answer = await this.ask(rest, options);
    // Asking back between clauses is fine here: it beats a referral to an office the question is not for.
    return answer.answered && answer.confidence >= CLEAR_WITHOUT_TOPIC ? answer : null;
  }

  /** Answers or abstains (see KnowledgeBase.ask). */
  async ask(question: string, options: AskOptions = {}): Promise<PolicyAnswer> {
    const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
    const threshold = this.options.threshold ?? DEFAULT_THRESHOLD;
    if (question.trim() === '') return { answered: false, text: kbMessages.empty, citations: [], confidence: 0, abstainReason: 'empty' };
    const searched = this.retriever.search(question, 5);
    const { query, outside } = searched;
    let hits = searched.hits;
    const chosen = options.clauseId !== undefined ? this.clauses.find((c) => c.id === options.clauseId) : undefined;
    if (chosen) {
      const own = hits.find((h) => h.clause.id === chosen.id) ?? { clause: chosen, score: 0, coverage: 0, paraphrase: 0, known: 1, learned: 0, outside: 0, evidence: 0, rank: 0 };
      hits = [own, ...hits.filter((h) => h !== own)];
    }
    const best = hits[0];
    const confidence = chosen ? 1 : confidenceOf(best);
    if (!best) {
      const topic = otherTopic(query.text, null);
      return topic ? this.topicAbstain(topic, 0, maxChars) : this.abstain('low-confidence', kbMessages.abstainGeneric, 0, maxChars);
    }
    const scope = checkScope(query.text, this.retriever.normalizedText(best.clause.id));
    if (scope.reason === 'other-topic') {
      return (!chosen && (await this.withoutTopic(query.text, scope, options))) || this.topicAbstain(scope, confidence, maxChars);
    }
    if (scope.reason === 'other-place') return this.abstain('other-place', kbMessages.abstainPlace(scope.detail ?? ''), confidence, maxChars);
    if (scope.reason === 'missing-fact') {
      return this.abstain('missing-fact', kbMessages.abstainFact(factWords[scope.detail ?? ''] ?? '内容'), confidence, maxChars);
    }
    if (!chosen) {
      const about = this.documentAnswer(query, threshold, maxChars);
      if (about) return about;
    }
    const lex = loadLexicon();
    if (!chosen && lex.costAsks.some((w) => query.text.includes(w)) && !AMOUNT.test(query.text)) {
      const cost = this.costAnswer(query, hits, threshold, maxChars);
      if (cost) return { answered: true, text: cost.text, citations: cost.citations, confidence: Math.max(confidence, threshold) };
    }
    // Questions like this one were written for no clause (cost questions are answered above).
    if (!chosen && outside >= OUTSIDE_ABSTAIN && outside > best.learned && confidence < OUTSIDE_OVERRIDE) {
      const topic = otherTopic(query.text, null);
      return topic ? this.topicAbstain(topic, confidence, maxChars) : this.abstain('low-confidence', kbMessages.abstainGeneric, confidence, maxChars);
    }
    if (!chosen && confidence < threshold) return this.abstain('low-confidence', kbMessages.abstainGeneric, confidence, maxChars);
    let settled = chosen !== undefined;
    if (!settled && this.isUnsure(hits)) {
      const reranked = await this.rerank(question, hits);
      if (reranked === 'none') return this.abstain('low-confidence', kbMessages.abstainGeneric, confidence, maxChars);
      if (reranked) {
        hits = reranked;
        settled = true;
      }
    }
    const top = hits.slice(0, 3);
    const citations = top.map((h) => toCitation(h.clause));
    const choices = settled ? null : this.closeChoices(hits, threshold);
    if (choices) {
      return { answered: true, text: clip(kbMessages.choose(choices.map((c) => c.label)), maxChars), citations, confidence, choices };
    }
    const lead = hits[0]!;
    const c = lead.clause;
    let text = this.compose(c, query, this.paraphraseConcepts(lead), maxChars);
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
    if (scope.unanswered && !this.rewriter) text = withNote(text, kbMessages.partial(factWords[scope.unanswered] ?? '细节'), c, maxChars);
    return { answered: true, text, citations, confidence: chosen ? confidence : confidenceOf(lead) };
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

/** Puts `note` between an extractive answer's body and its footer, when it fits. */
function withNote(text: string, note: string, c: ClauseRecord, maxChars: number): string {
  const tail = footer(c.document, c.label, maxChars);
  if (!text.endsWith(tail) || text.length + note.length > maxChars) return text;
  return text.slice(0, text.length - tail.length) + note + tail;
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
    const staffSynonyms = await deps.db.knowledgeSynonym.findMany({ orderBy: { id: 'asc' } });
    addWords(setStaffSynonyms(staffSynonyms).flatMap((s) => [s.key, ...s.expansions]));
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
