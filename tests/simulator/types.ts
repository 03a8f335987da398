/**
 * The user simulator's vocabulary: who the simulated person is (Persona), what they want (Goal),
 * what they can talk to (Target) and how the outcome is judged (Observer).
 *
 * The simulator never looks inside the bot: a persona only reads the bot's replies, and a goal is
 * judged by what the staff API (and, where no API exists, the database) shows afterwards.
 */

/** How a persona writes. Every field is a habit seen in the persona conversations. */
export interface Style {
  /** Words for "yes" in the order the person reaches for them (是, 好, 行, 中, 嗯, 对的, 同意 …). */
  yes: string[];
  /** Words for "no". */
  no: string[];
  /** How they pick from a numbered list: the digit, an ordinal (第一个), or the option's own words. */
  pick: 'digit' | 'ordinal' | 'words';
  /** Says "我叫…" / "我的手机号是…" instead of the bare value. */
  wordy?: boolean;
  /** Phone written with spaces or dashes (138 9381 2266). */
  spacedPhone?: boolean;
  /** Writes traditional characters (every outgoing message is converted). */
  traditional?: boolean;
}

export interface Persona {
  /** Stable key, also the chat user id (prefixed per run). */
  key: string;
  /** One line: who this is. */
  who: string;
  name: string;
  phone: string;
  /** Where they live: county (and township) as they would write it. */
  county: string;
  township?: string;
  /** Approximate home point (for judging "near"); a real user knows where they live. */
  home: { lat: number; lng: number };
  /** Target groups they belong to, as group keys (disabled, returnee, lianghousheng …). */
  groups: string[];
  channel: 'wechat' | 'sms';
  /** Answers "where are you" by sharing a WeChat location instead of typing a place. */
  sharesLocation?: boolean;
  style: Style;
}

/** A course as the judge sees it (staff API / catalog). */
export interface ObservedCourse {
  id: number;
  title: string;
  occupation: string;
  category: string;
  online: boolean;
  lat: number | null;
  lng: number | null;
  eligibleGroups: string[];
}

/** A sign-up as the staff API shows it. */
export interface ObservedEnrollment {
  id: number;
  courseId: number;
  name: string;
  phone: string;
  status: string;
  groups: string[];
  via: string;
}

export interface ObservedHandoff {
  id: number;
  question: string;
  status: string;
}

/** Who is talking: the chat user id on a channel. */
export interface ChatUser {
  userId: string;
  channel: Persona['channel'];
}

/** A clause of the policy documents (from the database: no API lists clauses). */
export interface ObservedClause {
  label: string;
  text: string;
}

/** What a judge may look at: the staff API and the database, never the bot's wording. */
export interface Observer {
  courses(): Promise<ObservedCourse[]>;
  /** Sign-ups of one course (GET /api/admin/courses/:id/enrollments). */
  enrollments(courseId: number): Promise<ObservedEnrollment[]>;
  /** Open requests for a person from this chat user (GET /api/admin/handoffs?status=open). */
  handoffs(user: ChatUser): Promise<ObservedHandoff[]>;
  clauses(): Promise<ObservedClause[]>;
  /** Whether an SMS number is on the opt-out list (database). */
  smsSuppressed(phone: string): Promise<boolean>;
}

export interface OutgoingMessage {
  text?: string;
  location?: { lat: number; lng: number; label?: string };
}

/** Something a persona can talk to: the real app, or a fake bot in the simulator's own tests. */
export interface Target {
  /** Sends one message as `userId` on `channel`; resolves with every text the person receives. */
  send(userId: string, channel: Persona['channel'], message: OutgoingMessage): Promise<string[]>;
  observer: Observer;
  /** Preconditions (a sign-up that exists before the conversation): the database or staff API. */
  seedEnrollment(userId: string, channel: Persona['channel'], courseId: number, persona: Persona): Promise<void>;
  /** Fills a course so the next sign-up is waitlisted (staff API sign-ups of other people). */
  fillCourse(courseId: number): Promise<void>;
  close(): Promise<void>;
}

/** What the person wants from this conversation. */
export type Need =
  | { kind: 'signup'; trade: string[]; online?: 'only' | 'ok'; maxKm?: number; category?: string; forOther?: Neighbour }
  | { kind: 'find'; trade: string[]; online?: 'only' | 'ok'; maxKm?: number }
  | { kind: 'cancel'; trade: string[] }
  | { kind: 'my' }
  | { kind: 'policy'; question: string; clause?: string; referral?: string[] }
  | { kind: 'handoff'; question: string; keywords: string[] }
  | { kind: 'optout' };

/** The person signed up on someone else's behalf (代报名). */
export interface Neighbour {
  name: string;
  phone: string;
}

/** A one-time detour the person takes when a screen of this kind appears (the first time). */
export interface Quirk {
  on: ScreenKind | 'any';
  say: string;
  /** After saying it, the person now wants this trade instead (a change of mind). */
  switchTrade?: string[];
  /** Only after this many turns. */
  afterTurn?: number;
}

export interface Goal {
  id: string;
  title: string;
  persona: Persona;
  need: Need;
  /** The first message(s), in the persona's words (sent in order before any reading). */
  opening: OutgoingMessage[];
  /** Other ways this person restates what they want when not understood. */
  rephrase: string[];
  quirks?: Quirk[];
  /** Words that make an option right for this person in other choices (e.g. 还没 for "not started yet"). */
  prefer?: string[];
  /**
   * What a user who knows the bot perfectly would need: one message per piece of information the
   * bot must get (the need with place and trade, the choice, 报名, name, phone, consent, confirm …).
   */
  ideal: number;
  /** Preconditions: a sign-up that already exists (cancel / check goals), a course that is full. */
  setup?: { enrolledIn?: CourseMatch; fullCourse?: CourseMatch };
}

/** Picks a catalog course for a setup (first match). */
export interface CourseMatch {
  trade: string[];
  online?: boolean;
  near?: { lat: number; lng: number; maxKm: number };
}

/** What the reader thinks the bot is asking for. */
export type ScreenKind =
  | 'name'
  | 'phone'
  | 'name+phone'
  | 'consent'
  | 'confirm'
  | 'place'
  | 'trade'
  | 'course-list'
  | 'course-detail'
  | 'menu'
  | 'yes-no'
  | 'choice'
  | 'done'
  | 'other';

export interface GoalResult {
  id: string;
  title: string;
  reached: boolean;
  turns: number;
  ideal: number;
  /** How it ended: reached, the person believed it was done, gave up at the cap, setup failed. */
  end: 'reached' | 'believed-done' | 'gave-up' | 'setup-failed' | 'error';
  detail?: string;
  transcript: { user: string; bot: string[] }[];
}
