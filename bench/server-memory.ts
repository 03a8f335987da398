/**
 * Where the server's memory goes: builds what `buildRuntime` builds, one part at a time, in this
 * process, and prints the RSS and the live V8 heap (after a full collection) after each part,
 * then the whole runtime (createApp, features) and its idle state. Each line is the cost of that
 * part given the parts above it (shared modules are counted where first loaded).
 *
 * The server's own numbers (idle RSS, and the peak while queueing a 100k broadcast) come from
 * bench/outbound-queue-app.ts, which runs `src/bin/main.ts` as `npm start` does.
 *   npx tsx bench/server-memory.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectGarbage } from '../src/shared/gc.js';

if (process.platform !== 'linux') {
  console.log('server-memory: skipped (reads /proc; Linux only)');
  process.exit(0);
}
const rss = () => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1000;
let last = { rss: 0, heap: 0 };
const rows: string[] = [];
function mark(part: string): void {
  collectGarbage();
  const now = { rss: rss(), heap: process.memoryUsage().heapUsed / 1e6 };
  const ext = process.memoryUsage().external / 1e6;
  rows.push(
    `${part.padEnd(48)} RSS ${now.rss.toFixed(0).padStart(4)} MB (+${(now.rss - last.rss).toFixed(0).padStart(3)})   heap ${now.heap.toFixed(0).padStart(4)} MB (+${(now.heap - last.heap).toFixed(0).padStart(3)})   external ${ext.toFixed(0)} MB`,
  );
  last = now;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'server-memory-bench-'));
try {
  mark('node + tsx');
  const { openDatabase } = await import('../src/db/client.js');
  const kb = await import('../src/knowledge/index.js');
  const courses = await import('../src/courses/index.js');
  const nlu = await import('../src/nlu/index.js');
  mark('import db, knowledge, courses, nlu');
  const { buildRuntime } = await import('../src/app/runtime.js');
  mark('import the rest of the app (runtime graph)');
  const { createLogger } = await import('../src/shared/logger.js');
  const { systemClock } = await import('../src/shared/clock.js');
  const log = createLogger({ level: 'warn' });
  const url = `file:${path.join(dir, 'bench.db')}`;
  const opened = await openDatabase({ url });
  mark('Prisma client + migrations (wasm engines)');
  await kb.ensureDefaultCorpus(opened.db, log);
  mark('default policy corpus ingested');
  const knowledge = await kb.createKnowledgeBase({ db: opened.db, log });
  mark('knowledge base (jieba, BM25, clause classifier)');
  await courses.ensureSampleCatalog(opened.db, systemClock, log);
  const places = courses.defaultGazetteer();
  mark('sample catalog + gazetteer');
  const understander = nlu.createUnderstander({ places });
  await understander.ready();
  mark('intent classifier (nlp.js, CEDICT)');
  await opened.close();
  // The whole runtime on the same file: its knowledge base is a second one (the one above is
  // still referenced), the classifier, dictionaries and modules are shared per process.
  const runtime = await buildRuntime({ DATABASE_URL: url, LOG_LEVEL: 'warn' });
  mark('buildRuntime (+ app, features, 2nd KB)');
  await runtime.start();
  await new Promise((r) => setTimeout(r, 3000));
  mark('started, 3 s idle');
  await runtime.close();
  void knowledge;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(rows.join('\n'));
console.log('(the server itself: npx tsx bench/outbound-queue-app.ts → idle RSS and the 100k broadcast peak)');
