/**
 * Fuzz run over every public endpoint (see tests/fuzz/hostile.ts): 10k hostile requests by
 * default, split over the three SMS providers, seeded. Prints status counts, any response ≥ 500
 * or dropped connection with the seed/index that reproduces it, and RSS before/after.
 *   npx tsx bench/fuzz-endpoints.ts [--requests 10000] [--seed 1]
 * Exit code 1 when any request got a 5xx or no response.
 */
import { runFuzz, startFuzzServer } from '../tests/fuzz/hostile.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg('requests', 10_000);
const seed = arg('seed', 1);
const providers = ['kannel', 'aliyun', 'tencent'] as const;
let failed = false;
const startRss = Math.round(process.memoryUsage().rss / 1048576);
for (const [i, provider] of providers.entries()) {
  const server = await startFuzzServer(provider);
  const count = Math.floor(total / providers.length) + (i === 0 ? total % providers.length : 0);
  const started = performance.now();
  const r = await runFuzz(server, seed + i, count);
  const ms = Math.round(performance.now() - started);
  console.log(
    `${provider.padEnd(8)} ${count} requests (seed ${seed + i}) in ${ms} ms: statuses ${JSON.stringify(r.statuses)}; ` +
      `5xx ${r.serverErrors.length}, no response ${r.noResponse.length}, healthy after ${r.healthyAfter}; RSS ${r.rssBeforeMb} → ${r.rssAfterMb} MB`,
  );
  console.log(`         by endpoint ${JSON.stringify(r.byKind)}`);
  for (const e of [...r.serverErrors, ...r.noResponse].slice(0, 10)) console.log('  FAIL', JSON.stringify(e));
  if (r.serverErrors.length || r.noResponse.length || !r.healthyAfter) failed = true;
  await server.close();
}
console.log(`process RSS ${startRss} → ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
process.exit(failed ? 1 : 0);
