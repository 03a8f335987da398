/**
 * Failed-login limits, counted separately per username and per client address (in memory,
 * sliding window). Only failures count, and a success clears that username's count.
 *
 * - Per username (default 5 failures / 15 min): stops guessing one account's password, from
 *   any number of addresses.
 * - Per address (default 30 failures / 15 min): stops one machine trying many usernames. It is
 *   generous on purpose: a county office shares one public address, and one person's typos must
 *   lock out only that person's username, not the whole office.
 * The address is `req.ip`, which Express derives from X-Forwarded-For only for the proxies
 * `trust proxy` names (TRUST_PROXY): a client cannot reset its count by sending its own header.
 */
import type { Clock } from '../shared/clock.js';

export interface LoginLimits {
  perUser: number;
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUser: 5, perAddress: 30, windowMs: 15 * 60_000 };
const MAX_KEYS = 10_000;

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  private recent(key: string): number[] {
    const since = this.clock.now().getTime() - this.limits.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds to wait when blocked, else 0. */
  blockedFor(username: string, address: string): number {
    const u = this.recent(`u:${username.trim().toLowerCase()}`);
    const a = this.recent(`a:${address}`);
    const blocked = (list: number[], limit: number) => (list.length >= limit ? list[list.length - limit]! + this.limits.windowMs : 0);
    const until = Math.max(blocked(u, this.limits.perUser), blocked(a, this.limits.perAddress));
    return until ? Math.max(1, Math.ceil((until - this.clock.now().getTime()) / 1000)) : 0;
  }

  fail(username: string, address: string): void {
    if (this.failures.size > MAX_KEYS) this.prune();
    const now = this.clock.now().getTime();
    for (const key of [`u:${username.trim().toLowerCase()}`, `a:${address}`]) {
      const list = this.recent(key);
      list.push(now);
      this.failures.set(key, list);
    }
  }

  succeed(username: string): void {
    this.failures.delete(`u:${username.trim().toLowerCase()}`);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) this.recent(key);
  }
}
