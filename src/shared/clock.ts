/** The clock. Injected everywhere time matters, so tests run on a fake clock and never sleep. */
export interface Clock {
  now(): Date;
}

/** The real clock (entry points and defaults only). */
export const systemClock: Clock = { now: () => new Date() };
