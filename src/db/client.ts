/**
 * Database access: a Prisma 7 client over better-sqlite3, with migrations applied on open.
 */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import Database from 'better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations } from './schema-engine.js';

/** Where the database lives when DATABASE_URL is not set (relative to the working directory). */
export { DEFAULT_DATABASE_URL } from './defaults.js';

export type Db = PrismaClient;
/** The transaction client handed to `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const prismaPaths = {
  schema: path.join(projectRoot, 'prisma', 'schema.prisma'),
  migrations: path.join(projectRoot, 'prisma', 'migrations'),
};

export interface OpenedDatabase {
  db: Db;
  /** Migration names applied by this open (empty when the file was up to date). */
  applied: string[];
  close(): Promise<void>;
}

/** Absolute file path of a `file:` SQLite URL (relative paths resolve against the cwd). */
export function sqlitePath(url: string): string {
  const p = url.replace(/^file:/, '');
  return path.isAbsolute(p) ? p : path.resolve(process.cwd(), p);
}

/** The database cannot be used: an unwritable path or a corrupted file. The message names the file. */
export class DatabaseOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

/** Creates the directory of `file` if needed and checks that it (and the file) can be written. */
function ensureWritable(file: string): void {
  const dir = path.dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.R_OK | constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new DatabaseOpenError(`database directory ${dir} is not writable (${code}); check DATABASE_URL and the permissions of ${file}`);
  }
}

/**
 * `PRAGMA quick_check` on an existing file before anything else touches it: a corrupted page
 * must stop the start, not show up later as 500s.
 */
export function checkIntegrity(file: string): void {
  if (!existsSync(file)) return;
  let problems: string[];
  try {
    const sqlite = new Database(file, { fileMustExist: true });
    try {
      problems = (sqlite.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).filter((r) => r !== 'ok');
    } finally {
      sqlite.close();
    }
  } catch (err) {
    problems = [(err as Error).message];
  }
  if (problems.length) {
    throw new DatabaseOpenError(
      `database ${file} is corrupted (PRAGMA quick_check: ${problems.slice(0, 3).join('; ')}); restore it from a backup or move it away to start with an empty one`,
    );
  }
}

/**
 * Opens (creating if needed) the SQLite database at `url`, applies pending migrations and
 * returns a connected Prisma client. WAL mode and a busy timeout let the HTTP server, the CLI
 * tools and the scheduler share the file.
 */
export async function openDatabase(options: { url: string; migrate?: boolean }): Promise<OpenedDatabase> {
  const file = sqlitePath(options.url);
  ensureWritable(file);
  checkIntegrity(file);
  const url = `file:${file}`;
  const applied = options.migrate === false ? [] : await applyMigrations(url, prismaPaths);
  const adapter = new PrismaBetterSqlite3({ url });
  const db = new PrismaClient({ adapter });
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
  // WAL + NORMAL: durable across process crashes; only an OS crash can lose the last commits.
  await db.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
  return { db, applied, close: () => db.$disconnect() };
}
