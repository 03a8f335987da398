/**
 * Knowledge base CLI:
 *   npm run kb -- ingest FILE [--title T] [--key K] [--effective-from D] [--expires D] [--force]
 *                                                               add or replace a document
 *   npm run kb -- eval FILE.jsonl [--verbose]                   accuracy report
 * The database is the one the configuration names (DATABASE_URL; see src/app/config.ts).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfigOrExit } from '../app/config.js';
import { openDatabase } from '../db/client.js';
import { evaluate, formatReport, loadEvalFile } from '../knowledge/eval.js';
import { ensureDefaultCorpus, ingestFile } from '../knowledge/ingest.js';
import { createKnowledgeBase } from '../knowledge/knowledge-base.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/u, 'use YYYY-MM-DD')
  .transform((v) => new Date(`${v}T00:00:00+08:00`));

const argsSchema = z.object({
  command: z.enum(['ingest', 'eval']),
  file: z.string().min(1),
  title: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  force: z.boolean().default(false),
  'effective-from': isoDate.optional(),
  expires: isoDate.optional(),
  verbose: z.boolean().default(false),
});

const quietLog = { info: () => {}, warn: (o: object, m?: string) => console.error(m ?? '', o) };

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      key: { type: 'string' },
      force: { type: 'boolean' },
      'effective-from': { type: 'string' },
      expires: { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
    },
  });
  const parsed = argsSchema.safeParse({ command: positionals[0], file: positionals[1], ...values });
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    console.error('usage: npm run kb -- ingest FILE [--title T] [--key K] [--effective-from YYYY-MM-DD] [--expires YYYY-MM-DD] [--force]\n       npm run kb -- eval FILE.jsonl [--verbose]');
    return 2;
  }
  const args = parsed.data;
  const config = loadConfigOrExit(process.env);
  const { db, close } = await openDatabase({ url: config.DATABASE_URL });
  try {
    if (args.command === 'ingest') {
      const r = await ingestFile(db, args.file, {
        title: args.title,
        key: args.key,
        force: args.force,
        effectiveFrom: args['effective-from'] ?? null,
        expiresAt: args.expires ?? null,
      });
      console.log(`${r.changed ? 'stored' : 'unchanged'}: ${r.title} (key ${r.key}, ${r.clauses} clauses)`);
      console.log(`repairs: ${JSON.stringify(r.report.repairs.map((x) => ({ rule: x.rule, count: x.count })))}`);
      if (r.report.unrepaired.length > 0) console.log(`unrepaired characters: ${JSON.stringify(r.report.unrepaired)}`);
      return 0;
    }
    await ensureDefaultCorpus(db, quietLog);
    const kb = await createKnowledgeBase({ db, log: quietLog });
    const report = await evaluate(kb, loadEvalFile(args.file));
    console.log(formatReport(report, args.verbose));
    return 0;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
