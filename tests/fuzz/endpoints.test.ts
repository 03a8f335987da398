/**
 * Fuzz (issue 12): hostile requests over every public endpoint — simulator, ask, courses, the
 * WeChat OA webhook (GET and POST, signed and not), the SMS callbacks of Kannel, Aliyun and
 * Tencent (with the configured secret), the staff import and export (with a token). Seeded:
 * a failure prints the seed and index that reproduce it. 0 responses ≥ 500, every request
 * answered, the server healthy after, memory bounded. bench/fuzz-endpoints.ts runs 10k.
 */
import { describe, expect, test } from 'vitest';
import { runFuzz, startFuzzServer, type FuzzTarget } from './hostile.js';

const PER_PROVIDER = 400;

describe.each<FuzzTarget['smsProvider']>(['kannel', 'aliyun', 'tencent'])('hostile requests, SMS provider %s', (provider) => {
  test(`${PER_PROVIDER} requests: no 5xx, no dropped connection, healthy after, memory bounded`, async () => {
    const server = await startFuzzServer(provider);
    try {
      const result = await runFuzz(server, 1, PER_PROVIDER);
      expect(result.serverErrors).toEqual([]);
      expect(result.noResponse).toEqual([]);
      expect(result.healthyAfter).toBe(true);
      expect(result.rssAfterMb - result.rssBeforeMb).toBeLessThan(300);
      // The run reached past the guards: some requests were accepted, some rejected.
      expect(result.statuses['200']).toBeGreaterThan(20);
      expect(result.statuses['400']).toBeGreaterThan(100);
    } finally {
      await server.close();
    }
  }, 120_000);
});
