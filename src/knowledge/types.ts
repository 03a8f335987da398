/** The policy knowledge base as the rest of the bot sees it. Implemented in this folder. */

export interface Citation {
  clauseId: number;
  /** Document title, e.g. 甘肃省中长期职业技能培训规划（2018-2025年） */
  document: string;
  /** Short label, e.g. 四（一）6 */
  label: string;
  /** Heading path, e.g. 四、重点任务 > （一）构建… > 6 */
  heading: string;
  /** Full clause text (repaired). */
  text: string;
}

export interface PolicyAnswer {
  /** false = abstain: the policy does not answer this; `text` is the honest referral. */
  answered: boolean;
  /** The reply text, citation included, within `maxChars`. */
  text: string;
  /** Best first, up to 3. */
  citations: Citation[];
  /** Retrieval confidence in [0, 1]. */
  confidence: number;
  /** Set when the matching policy has expired: `text` says so instead of citing it. */
  expired?: boolean;
  /** Why it abstained (for logs and the eval report). */
  abstainReason?: AbstainReason;
  /**
   * Set when two or three clauses fit about equally: `text` asks back (您是想问：1 … 2 …) and
   * the caller answers the pick with `ask(question, { clauseId })`.
   */
  choices?: Choice[];
}

export type AbstainReason = 'empty' | 'low-confidence' | 'missing-fact' | 'other-place' | 'other-topic';

/** One clause offered when asking back. */
export interface Choice {
  clauseId: number;
  /** Plain words for the clause (e.g. 贫困户、低保户的扶贫培训). */
  label: string;
}

/** One retrieved clause with its scores, for the console's "test a question". */
export interface RetrievedClause extends Citation {
  score: number;
  coverage: number;
  confidence: number;
  /** in-force | expired | qa (a staff question–answer entry) */
  source: 'in-force' | 'expired' | 'qa';
}

export interface AskOptions {
  /** Max characters of `text` (channel limit); default 300. */
  maxChars?: number;
  /** Answer from this clause (the user picked it from `choices`); no asking back. */
  clauseId?: number;
}

export interface KnowledgeBase {
  /** Answer a free-text question from the policy documents, or abstain. */
  ask(question: string, options?: AskOptions): Promise<PolicyAnswer>;
  /** Full text of one clause with its citation, for "回复1看原文". */
  clause(clauseId: number): Promise<Citation | null>;
  /** Find the clause(s) that name a target group (e.g. 残疾人) — used by the eligibility check. */
  clausesMentioning(term: string, limit?: number): Promise<Citation[]>;
  /** Re-reads documents and question–answer entries (after staff change them). */
  reload?(): Promise<void>;
  /** The answer and the clauses retrieved for a question, with scores (staff test). */
  explain?(question: string): Promise<{ answer: PolicyAnswer; clauses: RetrievedClause[] }>;
}
