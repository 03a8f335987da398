/**
 * Staff catalog import: read (CSV/xlsx) → validate every row (zod) → report → write.
 * Nothing is written when any row is bad, unless `validOnly`; `dryRun` never writes.
 * Rows are upserted by the stable external `code`, so re-importing a file updates, never
 * duplicates. All writes happen in one transaction.
 *
 * Capacity changes of existing courses follow one rule, shown in the report (dry run too):
 *  - lowered below the seats already taken (confirmed/attended/certified): reported as
 *    `blocked` and the old capacity kept — nobody loses a confirmed seat silently — unless
 *    `force`, which applies it (`forced`; nobody is removed, the course stays full);
 *  - raised while people wait: the waitlist is promoted in order (queuedAt, id) into the new
 *    seats first (`promote`, with the count), before any newcomer can sign up, and each
 *    promoted person is told through the waitlist-promotion event.
 */
import type { Logger } from 'pino';
import type { Db, Tx } from '../../db/client.js';
import type { EnrollmentEvents } from '../enrollment.js';
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
  /** Apply capacities lowered below the seats already taken (see the rule above). */
  force?: boolean;
  /**
   * Extra check of each valid row (e.g. a county account may import only its own county's
   * courses): a reason makes the row an error, like any other bad cell.
   */
  rowGuard?: (row: ImportRow) => Promise<string | null> | string | null;
}

/** A changed capacity of an existing course and what the import does about it. */
export interface CapacityChange {
  code: string;
  from: number;
  to: number;
  /** Seats taken now (confirmed, attended, certified). */
  taken: number;
  waitlisted: number;
  /** blocked: below `taken`, old capacity kept; forced: applied anyway; promote: waitlist moved up; ok: nothing else to do. */
  action: 'blocked' | 'forced' | 'promote' | 'ok';
  /** How many waitlisted people get a seat (action promote). */
  promoted: number;
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
  /** Capacity changes of existing courses (see the rule above). */
  capacityChanges: CapacityChange[];
  ms: number;
}

export interface ImportDeps {
  db: Db;
  gazetteer: Gazetteer;
  log: Logger;
  /** Called after a successful write (search index refresh). */
  onChanged?: () => void;
  /** Waitlist promotions caused by a raised capacity are reported here (people are told). */
  events?: EnrollmentEvents;
}

/** The capacity rule for one existing course. */
async function capacityChange(db: Db | Tx, course: { id: number; code: string; capacity: number }, to: number, force: boolean): Promise<CapacityChange | null> {
  if (course.capacity === to) return null;
  const [taken, waitlisted] = await Promise.all([
    db.enrollment.count({ where: { courseId: course.id, status: { in: SEAT_STATUSES } } }),
    db.enrollment.count({ where: { courseId: course.id, status: 'waitlisted' } }),
  ]);
  const base = { code: course.code, from: course.capacity, to, taken, waitlisted, promoted: 0 };
  if (to < taken) return { ...base, action: force ? 'forced' : 'blocked' };
  const promoted = Math.min(waitlisted, to - taken);
  return promoted > 0 ? { ...base, action: 'promote', promoted } : { ...base, action: 'ok' };
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
  const force = options.force ?? false;
  let created = 0;
  let updated = 0;
  let capacityChanges: CapacityChange[] = [];
  if (canWrite) {
    const result = await write(deps.db, valid.map((v) => v.row), force);
    ({ created, updated, capacityChanges } = result);
    deps.onChanged?.();
    await announcePromotions(deps, result.promotions);
  } else if (dryRun) {
    const existing = await deps.db.course.findMany({ where: { code: { in: valid.map((v) => v.row.code) } }, select: { id: true, code: true, capacity: true } });
    updated = existing.length;
    created = valid.length - updated;
    const capacityOf = new Map(valid.map((v) => [v.row.code, v.row.capacity] as const));
    for (const course of existing) {
      const change = await capacityChange(deps.db, course, capacityOf.get(course.code)!, force);
      if (change) capacityChanges.push(change);
    }
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
    capacityChanges,
    ms: Math.round(performance.now() - started),
  };
  deps.log.info(
    { format: report.format, rows: report.totalRows, bad: errors.length, written: canWrite, created, updated, ms: report.ms },
    'course catalog import',
  );
  return report;
}

interface Promotion {
  enrollmentId: number;
  userId: number | null;
  phone: string;
  course: { id: number; title: string; startDate: Date };
  /** A seat added by the import is given at once (no confirmation window). */
  offerExpiresAt: null;
}

async function announcePromotions(deps: ImportDeps, promotions: Promotion[]): Promise<void> {
  for (const p of promotions) {
    try {
      await deps.events?.waitlistPromoted?.(p);
    } catch (err) {
      deps.log.error({ err, enrollmentId: p.enrollmentId }, 'waitlist promotion event failed');
    }
  }
}

async function write(
  db: Db,
  rows: ImportRow[],
  force: boolean,
): Promise<{ created: number; updated: number; capacityChanges: CapacityChange[]; promotions: Promotion[] }> {
  return db.$transaction(
    async (tx) => {
      const institutions = new Map<string, number>();
      const existing = new Map<string, { id: number; code: string; capacity: number }>();
      for (let i = 0; i < rows.length; i += 500) {
        const found = await tx.course.findMany({ where: { code: { in: rows.slice(i, i + 500).map((r) => r.code) } }, select: { id: true, code: true, capacity: true } });
        for (const f of found) existing.set(f.code, f);
      }
      const capacityChanges: CapacityChange[] = [];
      const promotions: Promotion[] = [];
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
        const course = existing.get(r.code);
        if (course === undefined) {
          toCreate.push(data);
          continue;
        }
        const id = course.id;
        const change = await capacityChange(tx, course, data.capacity, force);
        if (change) capacityChanges.push(change);
        if (change?.action === 'blocked') data.capacity = course.capacity;
        if (change?.action === 'promote') {
          const waiting = await tx.enrollment.findMany({
            where: { courseId: id, status: 'waitlisted' },
            orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }],
            take: change.promoted,
            select: { id: true, userId: true, phone: true },
          });
          await tx.enrollment.updateMany({ where: { id: { in: waiting.map((w) => w.id) } }, data: { status: 'confirmed' } });
          for (const w of waiting) {
            promotions.push({ enrollmentId: w.id, userId: w.userId, phone: w.phone, course: { id, title: data.title, startDate: data.startDate }, offerExpiresAt: null });
          }
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
      return { created, updated, capacityChanges, promotions };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
