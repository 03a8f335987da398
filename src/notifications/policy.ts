/**
 * Sending rules that do not depend on a channel: quiet hours (China time) and per-channel token
 * buckets. Both take the time from the caller, so tests drive them with a fake clock.
 */
import type { QuietHours } from './config.js';

const OFFSET_MS = 8 * 3600_000;

/** Minute of the day in China time. */
export function chinaMinuteOfDay(at: Date): number {
  return Math.floor((((at.getTime() + OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000 / 60_000);
}

/** True inside quiet hours (a window may wrap midnight: 21:00–08:00). */
export function inQuietHours(at: Date, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const m = chinaMinuteOfDay(at);
  return quiet.startMin <= quiet.endMin ? m >= quiet.startMin && m < quiet.endMin : m >= quiet.startMin || m < quiet.endMin;
}

/** A token bucket: `ratePerSecond` refill, up to `burst` tokens. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: Date,
  ) {
    this.tokens = burst;
    this.last = now.getTime();
  }

  /** Takes one token: 0 when taken, else the milliseconds until one is available. */
  take(now: Date): number {
    const t = now.getTime();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = Math.max(this.last, t);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }
}

/** One bucket per channel from OUTBOUND_RATES ("*" = any other channel); null rates = no throttling. */
export class ChannelThrottle {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(private readonly rates: Record<string, number> | null) {}

  /** 0 when the channel may send now, else milliseconds to wait. */
  take(channel: string, now: Date): number {
    if (!this.rates) return 0;
    const rate = this.rates[channel] ?? this.rates['*'];
    if (!rate) return 0;
    let bucket = this.buckets.get(channel);
    if (!bucket) {
      // Burst: one second's worth, at least one message.
      bucket = new TokenBucket(rate, Math.max(1, rate), now);
      this.buckets.set(channel, bucket);
    }
    return bucket.take(now);
  }
}
