/**
 * Nearest-10 course search with filters over 100k generated courses: p50/p99.
 * Measures (a) the index lookup alone and (b) the full search() including loading the 10 rows
 * and their seat counts from SQLite. Usage: npx tsx bench/courses-nearby.ts [count]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/db/client.js';
import { createCourseServices } from '../src/courses/services.js';
import { COURSE_CATEGORIES } from '../src/courses/types.js';
import { silentLogger } from '../src/shared/logger.js';

const COUNT = Number(process.argv[2] ?? 100_000);
const QUERIES = 2_000;
const FULL_QUERIES = 300;

// Deterministic PRNG so runs are comparable.
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
const OCCUPATIONS = ['电工', '焊工', '中式烹调师', '牛肉拉面', '中式面点师', '家政服务员', '育婴员', '养老护理员', '挖掘机', '电子商务', '保安员', 'SYB创业', '中药材种植', '马铃薯种植', '牛羊养殖', '苹果种植', '花椒种植'];
const STATUSES = ['open', 'open', 'open', 'open', 'full', 'closed'];
const KEYWORDS = ['电工', '学厨师', '开网店', '焊工', '养老', '挖掘机', '中药材', ''];

/** Prisma's SQLite adapter stores DateTime as ISO 8601 text. */
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-courses-'));
  const file = path.join(dir, 'bench.db');
  const { db, close } = await openDatabase({ url: `file:${file}` });
  const clock = { now: () => new Date('2026-01-01T02:00:00Z') };
  try {
    const services = createCourseServices({ db, clock, log: silentLogger });
    const counties = services.gazetteer.counties();
    let t0 = performance.now();
    // Bulk insert straight through better-sqlite3 (Prisma's createMany needs ~100 s for 100k rows).
    const raw = new Database(file);
    const insert = raw.prepare(
      `INSERT INTO Course (code, title, occupation, category, startDate, endDate, durationDays, capacity, online, countyCode, lat, lng, status, updatedAt)
       VALUES (@code, @title, @occupation, @category, @startDate, @endDate, @durationDays, @capacity, @online, @countyCode, @lat, @lng, @status, @updatedAt)`,
    );
    raw.transaction(() => {
      for (let i = 0; i < COUNT; i++) {
        insert.run((() => {
          const county = pick(counties);
          const occ = pick(OCCUPATIONS);
          const online = rand() < 0.03;
          const start = Date.UTC(2026, 0, 2) + Math.floor(rand() * 300) * 86_400_000;
          return {
            updatedAt: iso(Date.now()),
            code: `B-${i}`,
            title: `${county.county}${occ}培训班`,
            occupation: occ,
            category: pick(COURSE_CATEGORIES),
            startDate: iso(start),
            endDate: iso(start + 20 * 86_400_000),
            durationDays: 21,
            capacity: 30,
            online: online ? 1 : 0,
            countyCode: county.countyCode,
            lat: online ? null : county.lat + (rand() - 0.5) * 0.6,
            lng: online ? null : county.lng + (rand() - 0.5) * 0.6,
            status: pick(STATUSES),
          };
        })());
      }
    })();
    raw.close();
    console.log(`inserted ${COUNT} courses in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    await services.catalog.getIndex();
    console.log(`index build: ${(performance.now() - t0).toFixed(0)} ms`);

    const query = () => {
      const c = pick(counties);
      return {
        near: { lat: c.lat + (rand() - 0.5) * 0.3, lng: c.lng + (rand() - 0.5) * 0.3 },
        q: pick(KEYWORDS) || undefined,
        category: rand() < 0.3 ? pick(COURSE_CATEGORIES) : undefined,
        limit: 10,
      };
    };
    const run = async (n: number, fn: (q: ReturnType<typeof query>) => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const q = query();
        const s = performance.now();
        await fn(q);
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      return `p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms (${n} queries)`;
    };
    // The first query with a new keyword builds that keyword's match mask (one pass over all titles).
    t0 = performance.now();
    for (const q of KEYWORDS) await services.catalog.searchIds({ near: { lat: 36, lng: 104 }, q: q || undefined, limit: 10 });
    console.log(`keyword masks (${KEYWORDS.length} keywords, first use): ${(performance.now() - t0).toFixed(0)} ms total`);
    console.log(`nearest-10 + filters, index only : ${await run(QUERIES, (q) => services.catalog.searchIds(q))}`);
    console.log(`nearest-10 + filters, full search: ${await run(FULL_QUERIES, (q) => services.search(q))}`);
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
