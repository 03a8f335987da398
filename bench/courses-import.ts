/**
 * Catalog import timing: a generated CSV of N rows (default 2000): dry run, first import, re-import.
 * Usage: npx tsx bench/courses-import.ts [rows]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/client.js';
import { createCourseServices } from '../src/courses/services.js';
import { silentLogger } from '../src/shared/logger.js';
import { systemClock } from '../src/shared/clock.js';

const ROWS = Number(process.argv[2] ?? 2000);
const COUNTIES = ['榆中县', '会宁县', '东乡县', '宕昌县', '古浪县', '临潭县', '安定区', '武都区', '秦安县', '甘州区'];

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const { db, close } = await openDatabase({ url: `file:${path.join(dir, 'b.db')}` });
  try {
    const services = createCourseServices({ db, clock: systemClock, log: silentLogger });
    const lines = ['课程编码,课程名称,工种,培训类别,开班日期,结束日期,名额,县区,面向人群'];
    for (let i = 0; i < ROWS; i++) {
      lines.push(`IMP-${i},电工培训班${i},电工,就业技能培训,2027-03-01,2027-03-20,30,${COUNTIES[i % COUNTIES.length]},${i % 3 ? '' : '脱贫户、低保'}`);
    }
    const bytes = Buffer.from(lines.join('\n'));
    for (const [label, opts] of [['dry run', { dryRun: true }], ['first import', {}], ['re-import (update)', {}]] as const) {
      const t0 = performance.now();
      const r = await services.importCatalog({ bytes, filename: 'x.csv' }, opts);
      console.log(`${label}: ${ROWS} rows in ${(performance.now() - t0).toFixed(0)} ms (created ${r.created}, updated ${r.updated}, errors ${r.errors.length})`);
    }
  } finally {
    await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
