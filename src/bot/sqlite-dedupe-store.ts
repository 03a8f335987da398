/**
 * The DedupeStore port on SQLite (ProcessedMessage). Dedupe stage: a message id is processed once.
 * A redelivery gets the replies of the first delivery; one that arrives while the first is still
 * running waits for it (WeChat retries).
 *
 * Every claim is a lease (`claimedAt` + `leaseMs`). A process killed mid-turn leaves its claim
 * "processing" forever; once the lease has run out, the platform's next retry of that message
 * re-claims it (a compare-and-swap on `claimedAt`, so two retries cannot both win) and the turn
 * runs again. Inside the lease a redelivery keeps waiting for the first delivery's replies.
 */
import type { Db } from '../db/client.js';
import type { Clock } from '../shared/clock.js';
import type { OutboundMessage } from './message.js';
import type { DedupeStore } from './ports.js';

export type Claim = { duplicate: false; reclaimed?: boolean } | { duplicate: true };

/** Default lease of a claim: longer than any turn (LLM timeout 8 s, WeChat budget 5 s). */
export const DEFAULT_DEDUPE_LEASE_MS = 60_000;

export interface DedupeOptions {
  /** How long a "processing" claim holds before a redelivery may take it over. */
  leaseMs?: number;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

export class SqliteDedupeStore implements DedupeStore {
  private readonly leaseMs: number;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    options: DedupeOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? DEFAULT_DEDUPE_LEASE_MS;
  }

  /** Claims a message id; `duplicate` when it was seen before and its claim still holds. */
  async claim(channel: string, channelMessageId: string): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.clock.now();
      try {
        await this.db.processedMessage.create({ data: { channel, channelMessageId, claimedAt: now, createdAt: now } });
        return { duplicate: false };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      const row = await this.db.processedMessage.findUnique({ where: { channel_channelMessageId: { channel, channelMessageId } } });
      if (!row) continue; // released in between: claim afresh
      if (row.status !== 'processing' || row.claimedAt.getTime() + this.leaseMs > now.getTime()) return { duplicate: true };
      // The lease ran out: the turn that claimed it died. Take it over, unless another retry just did.
      const { count } = await this.db.processedMessage.updateMany({
        where: { channel, channelMessageId, status: 'processing', claimedAt: row.claimedAt },
        data: { claimedAt: now },
      });
      return count === 1 ? { duplicate: false, reclaimed: true } : { duplicate: true };
    }
    return { duplicate: true };
  }

  async complete(channel: string, channelMessageId: string, replies: OutboundMessage[], now: Date): Promise<void> {
    await this.db.processedMessage.update({
      where: { channel_channelMessageId: { channel, channelMessageId } },
      data: { status: 'done', replies: JSON.stringify(replies), completedAt: now },
    });
  }

  /** Forgets a claim whose turn failed, so a redelivery may try again. */
  async release(channel: string, channelMessageId: string): Promise<void> {
    await this.db.processedMessage.deleteMany({ where: { channel, channelMessageId } });
  }

  /**
   * Replies of an earlier delivery. Polls while that delivery is still processing, up to
   * `waitMs` (wall time: this is a wait, not a decision); returns null when it is not done by then.
   */
  async repliesOf(channel: string, channelMessageId: string, waitMs: number): Promise<OutboundMessage[] | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const row = await this.db.processedMessage.findUnique({
        where: { channel_channelMessageId: { channel, channelMessageId } },
      });
      if (row?.status === 'done') return JSON.parse(row.replies) as OutboundMessage[];
      if (!row || Date.now() >= deadline) return null;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
