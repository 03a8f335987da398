/**
 * Ingestion: read a policy file, repair its text, parse its structure and store the document and
 * its clauses (replacing an earlier version with the same key). Unchanged files are skipped.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client.js';
import { defaultCorpusFile } from './lexicon.js';
import { parsePolicyText, type ParsedDocument } from './parse.js';
import { repairText, type RepairReport } from './repair.js';

/** Minimal logger (pino-compatible). */
export interface KbLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface IngestOptions {
  /** Stable key; default: the file name. */
  key?: string;
  title?: string;
  /** Where the text came from (URL or path); default: the file path. */
  source?: string;
  effectiveFrom?: Date | null;
  expiresAt?: Date | null;
  /** Re-ingest even when the content hash is unchanged. */
  force?: boolean;
}

export interface IngestResult {
  documentId: number;
  key: string;
  title: string;
  clauses: number;
  /** false when the stored version already had this content. */
  changed: boolean;
  report: RepairReport;
}

/** Parses text into a document without storing it (repair + structure). */
export function analyzeText(raw: string, title?: string): { parsed: ParsedDocument; report: RepairReport } {
  const { text, report } = repairText(raw);
  return { parsed: parsePolicyText(text, title), report };
}

/** Stores raw text as a document (add or replace by key). */
export async function ingestText(db: Db, raw: string, options: IngestOptions & { key: string }): Promise<IngestResult> {
  const contentHash = createHash('sha256').update(raw).digest('hex');
  const existing = await db.policyDocument.findUnique({
    where: { key: options.key },
    include: { _count: { select: { clauses: true } } },
  });
  const { parsed, report } = analyzeText(raw, options.title);
  const title = parsed.title ?? options.key;
  if (existing && existing.contentHash === contentHash && !options.force && (!options.title || options.title === existing.title)) {
    return { documentId: existing.id, key: options.key, title: existing.title, clauses: existing._count.clauses, changed: false, report };
  }
  if (parsed.clauses.length === 0) throw new Error(`no clauses found in ${options.key}`);
  const data = {
    title,
    issuer: parsed.issuer,
    issuedAt: parsed.issuedAt,
    effectiveFrom: options.effectiveFrom ?? null,
    expiresAt: options.expiresAt ?? null,
    source: options.source ?? options.key,
    contentHash,
    repairReport: JSON.stringify(report),
  };
  const documentId = await db.$transaction(async (tx) => {
    const doc = existing
      ? await tx.policyDocument.update({ where: { id: existing.id }, data })
      : await tx.policyDocument.create({ data: { key: options.key, ...data } });
    await tx.policyClause.deleteMany({ where: { documentId: doc.id } });
    await tx.policyClause.createMany({
      data: parsed.clauses.map((c, ordinal) => ({
        documentId: doc.id,
        ordinal,
        label: c.label,
        headingPath: c.headingPath,
        heading: c.heading,
        text: c.text,
      })),
    });
    return doc.id;
  });
  return { documentId, key: options.key, title, clauses: parsed.clauses.length, changed: true, report };
}

/** Reads a UTF-8 text or Markdown file and stores it (see `ingestText`). */
export async function ingestFile(db: Db, file: string, options: IngestOptions = {}): Promise<IngestResult> {
  const raw = await readFile(file, 'utf8');
  return ingestText(db, raw, { ...options, key: options.key ?? path.basename(file), source: options.source ?? file });
}

/**
 * Loads the shipped Gansu plan when the database holds no policy document yet (first start).
 * Idempotent: an existing document with the same content is left alone.
 */
export async function ensureDefaultCorpus(db: Db, log: KbLogger): Promise<IngestResult | null> {
  const key = path.basename(defaultCorpusFile);
  const existing = await db.policyDocument.findUnique({ where: { key }, select: { id: true } });
  // Someone manages the corpus by hand (other documents, the default one removed): leave it.
  if (!existing && (await db.policyDocument.count()) > 0) return null;
  const result = await ingestFile(db, defaultCorpusFile, { key, source: 'data/policy/gansu-plan-2018-2025.txt' });
  if (!result.changed) return result;
  log.info(
    { key: result.key, clauses: result.clauses, repairs: result.report.repairs.length, unrepaired: result.report.unrepaired.length },
    'policy corpus loaded',
  );
  if (result.report.unrepaired.length > 0) log.warn({ unrepaired: result.report.unrepaired }, 'policy text has unrepaired characters');
  return result;
}
