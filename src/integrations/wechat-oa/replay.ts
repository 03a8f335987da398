/**
 * Replay protection for signed webhooks (WeChat OA). A signature covers token, timestamp and
 * nonce only, so a captured URL would otherwise work forever, with any body:
 *  - freshness: the timestamp must be within ±windowSeconds of our clock (WeChat's clock and
 *    ours are both NTP-synced; 5 minutes is the platform's own retry horizon);
 *  - nonces: the first request with a nonce records sha256(query + body); the same nonce with
 *    the same query and body (the platform's own retry) passes on to dedupe, which answers it;
 *    the same nonce with anything else is a replay. Kept in the database (WebhookNonce), so every
 *    instance sharing it sees the same nonces. Rows live 2 × the window (after that the
 *    timestamp check alone refuses them) and are pruned at most once a minute.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../shared/clock.js';

export type ReplayVerdict = 'fresh' | 'retry' | 'stale' | 'replay';

export interface ReplayGuardOptions {
  db: Db;
  clock: Clock;
  channel: string;
  windowSeconds?: number;
}

const PRUNE_EVERY_MS = 60_000;

export class ReplayGuard {
  private readonly windowMs: number;
  private lastPrune = 0;

  constructor(private readonly options: ReplayGuardOptions) {
    this.windowMs = (options.windowSeconds ?? 300) * 1000;
  }

  /** Whether a unix-seconds timestamp is within the window of now. */
  isFresh(timestamp: string): boolean {
    const ms = Number(timestamp) * 1000;
    return Number.isFinite(ms) && Math.abs(this.options.clock.now().getTime() - ms) <= this.windowMs;
  }

  /** Checks freshness and records the nonce; call only after the signature was verified. */
  async check(request: { timestamp: string; nonce: string; query: Record<string, unknown>; body: string }): Promise<ReplayVerdict> {
    if (!this.isFresh(request.timestamp)) return 'stale';
    const { db, clock, channel } = this.options;
    const now = clock.now();
    const query = Object.keys(request.query)
      .sort()
      .map((k) => `${k}=${String(request.query[k])}`)
      .join('&');
    const requestHash = createHash('sha256').update(query).update('\n').update(request.body).digest('hex');
    const key = { channel, nonce: request.nonce };
    const expiresAt = new Date(now.getTime() + 2 * this.windowMs);
    await this.prune(now);
    try {
      await db.webhookNonce.create({ data: { ...key, requestHash, expiresAt } });
      return 'fresh';
    } catch (err) {
      if ((err as { code?: string }).code !== 'P2002') throw err;
    }
    const seen = await db.webhookNonce.findUnique({ where: { channel_nonce: key } });
    if (!seen || seen.expiresAt.getTime() <= now.getTime()) {
      // Expired (not yet pruned): a new use of an old nonce with a fresh timestamp.
      await db.webhookNonce.upsert({ where: { channel_nonce: key }, create: { ...key, requestHash, expiresAt }, update: { requestHash, expiresAt } });
      return 'fresh';
    }
    return seen.requestHash === requestHash ? 'retry' : 'replay';
  }

  private async prune(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.getTime();
    await this.options.db.webhookNonce.deleteMany({ where: { channel: this.options.channel, expiresAt: { lt: now } } });
  }
}
