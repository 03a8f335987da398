/**
 * Staff catalog import: read (CSV/xlsx) → validate every row (zod) → report → write.
 * Nothing is written when any row is bad, unless `validOnly`; `dryRun` never writes.
 * Rows are upserted by the stable external `code`, so re-importing a file updates, never
 * duplicates. All writes happen in one transaction.
 */
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import type { Gazetteer } from '../gazetteer.js';
import { SEAT_STATUSES } from '../view.js';
import { readTable, type RawTable } from './read-table.js';
import { importRowSchema, type ImportRow } from './row-schema.js';
import { COLUMNS } from './columns.js';

/** Every column present (missing columns read as empty cells). */
const EMPTY_ROW: Record<string, string> = Object.fromEntries(Object.keys(COLUMNS).map((k) => [k, '']));

export interface ImportOptions {
  dryRun?: boolean;
  validOnly?: boolean;
  /**
   * Extra check of each valid row (e.g. a county account may import only its own county's
   * courses): a reason makes the row an error, like any other bad cell.
   */
  rowGuard?: (row: ImportRow) => Promise<string | null> | string | null;
}

export interface ImportRowError {
  /** CSV line / Excel row number (the header is line 1). */
  line: number;
  code?: string;
  reasons: string[];
}

export interface ImportReport {
  ok: boolean;
  format: RawTable['format'];
  encoding?: string;
  dryRun: boolean;
  validOnly: boolean;
  totalRows: number;
  validRows: number;
  errors: ImportRowError[];
  /** Header cells that were ignored. */
  unknownHeaders: string[];
  /** Whether anything was written to the database. */
  written: boolean;
  created: number;
  updated: number;
  ms: number;
}

export interface ImportDeps {
  db: Db;
  gazetteer: Gazetteer;
  log: Logger;
  /** Called after a successful write (search index refresh). */
  onChanged?: () => void;
}

/** Validates and (unless dry run / bad rows) writes a catalog file. Throws ImportFileError for unreadable/empty files. */
export async function importCatalog(
  deps: ImportDeps,
  file: { bytes: Uint8Array; filename?: string; contentType?: string },
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = performance.now();
  const table = await readTable(file.bytes, file);
  const schema = importRowSchema(deps.gazetteer);
  const errors: ImportRowError[] = [];
  const valid: { line: number; row: ImportRow }[] = [];
  const firstLineOfCode = new Map<string, number>();
  if (!table.rows.length) {
    errors.push({ line: 2, reasons: ['文件只有表头，没有课程行'] });
  }
  for (const raw of table.rows) {
    const reasons = [...raw.problems];
    const parsed = schema.safeParse({ ...EMPTY_ROW, ...raw.cells });
    if (!parsed.success) reasons.push(...parsed.error.issues.map((i) => i.message));
    const code = typeof raw.cells.code === 'string' ? raw.cells.code.trim() : String(raw.cells.code ?? '');
    if (code) {
      const first = firstLineOfCode.get(code);
      if (first !== undefined) reasons.push(`课程编码「${code}」与第${first}行重复`);
      else firstLineOfCode.set(code, raw.line);
    }
    if (parsed.success && !reasons.length && options.rowGuard) {
      const refused = await options.rowGuard(parsed.data);
      if (refused) reasons.push(refused);
    }
    if (reasons.length || !parsed.success) errors.push({ line: raw.line, ...(code ? { code } : {}), reasons });
    else valid.push({ line: raw.line, row: parsed.data });
  }
  const dryRun = options.dryRun ?? false;
  const validOnly = options.validOnly ?? false;
  const canWrite = !dryRun && valid.length > 0 && (errors.length === 0 || validOnly);
  let created = 0;
  let updated = 0;
  if (canWrite) {
    ({ created, updated } = await write(deps.db, valid.map((v) => v.row)));
    deps.onChanged?.();
  } else if (dryRun) {
    const existing = await deps.db.course.findMany({ where: { code: { in: valid.map((v) => v.row.code) } }, select: { code: true } });
    updated = existing.length;
    created = valid.length - updated;
  }
  const report: ImportReport = {
    ok: errors.length === 0,
    format: table.format,
    ...(table.encoding ? { encoding: table.encoding } : {}),
    dryRun,
    validOnly,
    totalRows: table.rows.length,
    validRows: valid.length,
    errors,
    unknownHeaders: table.unknownHeaders,
    written: canWrite,
    created,
    updated,
    ms: Math.round(performance.now() - started),
  };
  deps.log.info(
    { format: report.format, rows: report.totalRows, bad: errors.length, written: canWrite, created, updated, ms: report.ms },
    'course catalog import',
  );
  return report;
}

async function write(db: Db, rows: ImportRow[]): Promise<{ created: number; updated: number }> {
  return db.$transaction(
    async (tx) => {
      const institutions = new Map<string, number>();
      const existing = new Map<string, number>();
      for (let i = 0; i < rows.length; i += 500) {
        const found = await tx.course.findMany({ where: { code: { in: rows.slice(i, i + 500).map((r) => r.code) } }, select: { id: true, code: true } });
        for (const f of found) existing.set(f.code, f.id);
      }
      const toCreate = [];
      let updated = 0;
      for (const r of rows) {
        let institutionId: number | null = null;
        if (r.institution) {
          const key = r.institution.name;
          institutionId = institutions.get(key) ?? null;
          if (institutionId === null) {
            const inst = await tx.institution.upsert({
              where: { code: `IMP:${key}` },
              create: { code: `IMP:${key}`, name: key, type: r.institution.type, countyCode: r.countyCode ?? '', lat: r.lat, lng: r.lng },
              update: { type: r.institution.type },
            });
            institutionId = inst.id;
            institutions.set(key, institutionId);
          }
        }
        const { institution: _ignored, eligibleGroups, ...fields } = r;
        const data = { ...fields, eligibleGroups: JSON.stringify(eligibleGroups), institutionId, isSample: false };
        const id = existing.get(r.code);
        if (id === undefined) {
          toCreate.push(data);
          continue;
        }
        // "open" from the file means "accepting sign-ups": keep it full when the seats are taken.
        let status = data.status as string;
        if (status === 'open') {
          const taken = await tx.enrollment.count({ where: { courseId: id, status: { in: SEAT_STATUSES } } });
          if (taken >= data.capacity) status = 'full';
        }
        await tx.course.update({ where: { id }, data: { ...data, status } });
        updated++;
      }
      for (let i = 0; i < toCreate.length; i += 500) await tx.course.createMany({ data: toCreate.slice(i, i + 500) });
      const created = toCreate.length;
      return { created, updated };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
