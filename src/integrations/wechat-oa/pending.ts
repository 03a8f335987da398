/**
 * The 5-second rule, in memory: one entry per message id while its turn runs and for a while
 * after (WeChat retries within ~15 s). Each HTTP request for the id (first delivery or retry)
 * waits up to the reply budget for the answer:
 *
 *  - answer ready while a request waits → that request CLAIMS it and returns it passively;
 *  - answer ready while nobody waits (every request already answered `success`) → the entry is
 *    claimed for PUSH and delivered once through the customer-service API;
 *  - a retry after a push → `success` (never sent twice); a retry after a passive answer → the
 *    same passive answer again (WeChat only retries when it did not get our response);
 *  - a push that failed releases the claim, so a later retry can still answer passively.
 *
 * JavaScript runs each of these checks to completion, so claim decisions never interleave.
 * The map is per process: several instances behind a load balancer would need sticky routing
 * by OpenID (the pipeline's dedupe still guarantees one turn per message id).
 */
import type { OutboundMessage } from '../../bot/message.js';

interface Entry {
  replies: OutboundMessage[] | null;
  claimed: 'passive' | 'push' | null;
  waiters: number;
  done: Promise<void>;
}

/** What a request should answer. */
export type PassiveOutcome =
  /** Reply passively with these (first = this request made the claim; it also pushes the rest). */
  | { kind: 'passive'; replies: OutboundMessage[]; first: boolean }
  /** Answer `success`; the answer is (or will be) pushed. */
  | { kind: 'later' };

export interface PendingTurnsOptions {
  /** How long a finished entry is kept for retries. Default 60 s. */
  keepMs?: number;
  onError(err: unknown, id: string): void;
}

export class PendingTurns {
  private readonly entries = new Map<string, Entry>();
  private readonly background = new Set<Promise<unknown>>();

  constructor(private readonly options: PendingTurnsOptions) {}

  /** Number of entries (tests). */
  get size(): number {
    return this.entries.size;
  }

  /** Requests currently waiting for the answer to `id` (tests, diagnostics). */
  waiting(id: string): number {
    return this.entries.get(id)?.waiters ?? 0;
  }

  /**
   * Joins the turn for `id`, starting it with `run` when this is the first delivery, and waits
   * up to `budgetMs` for its answer. `push` delivers the answer when no request is waiting for
   * it any more (resolves false when delivery failed).
   */
  async request(
    id: string,
    run: () => Promise<OutboundMessage[]>,
    budgetMs: number,
    push: (replies: OutboundMessage[]) => Promise<boolean>,
  ): Promise<PassiveOutcome> {
    const entry = this.entries.get(id) ?? this.start(id, run, push);
    entry.waiters++;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([entry.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
    clearTimeout(timer);
    entry.waiters--;
    if (entry.replies && entry.claimed === null) {
      entry.claimed = 'passive';
      return { kind: 'passive', replies: entry.replies, first: true };
    }
    if (entry.replies && entry.claimed === 'passive') return { kind: 'passive', replies: entry.replies, first: false };
    return { kind: 'later' };
  }

  private start(id: string, run: () => Promise<OutboundMessage[]>, push: (replies: OutboundMessage[]) => Promise<boolean>): Entry {
    const entry: Entry = { replies: null, claimed: null, waiters: 0, done: Promise.resolve() };
    this.entries.set(id, entry);
    entry.done = run().then(
      (replies) => {
        entry.replies = replies;
        if (entry.waiters === 0 && entry.claimed === null && replies.length) this.pushLate(id, entry, () => push(replies));
        this.forgetLater(id);
      },
      (err: unknown) => {
        // The turn never ran to completion: forget it, so a retry starts it again.
        this.options.onError(err, id);
        this.entries.delete(id);
      },
    );
    return entry;
  }

  private pushLate(id: string, entry: Entry, push: () => Promise<boolean>): void {
    entry.claimed = 'push';
    this.track(
      push()
        .catch((err: unknown) => {
          this.options.onError(err, id);
          return false;
        })
        .then((ok) => {
          if (!ok && entry.claimed === 'push') entry.claimed = null; // let a retry answer passively
        }),
    );
  }

  /** Keeps a background delivery (e.g. the rest of a passive answer) so `idle()` can await it. */
  track(promise: Promise<unknown>): void {
    this.background.add(promise);
    void promise.finally(() => this.background.delete(promise));
  }

  private forgetLater(id: string): void {
    setTimeout(() => this.entries.delete(id), this.options.keepMs ?? 60_000).unref();
  }

  /** Resolves when every running turn and background delivery has finished (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.entries.values()].filter((e) => e.replies === null).map((e) => e.done);
      const pending = [...running, ...this.background];
      if (!pending.length) return;
      await Promise.allSettled(pending);
    }
  }
}
