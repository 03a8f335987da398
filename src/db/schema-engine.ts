/**
 * Prisma's schema engine, run in-process from its WebAssembly build.
 *
 * This machine class reaches only the npm registry, so the native schema engine that the Prisma
 * CLI downloads is not available. @prisma/schema-engine-wasm is Prisma's own engine compiled to
 * WebAssembly (an internal package: pinned exactly in package.json, checked by tests and CI).
 * Its JS glue imports the .wasm as an ES module, which Node 20 cannot do, so we instantiate it
 * by hand. See ../shared/notes/prisma-offline.md for the facts this is built on.
 */
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);

// The engine's own DDL for the migrations table (devDiagnostic needs it to exist).
const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const noFilter = { externalTables: [] as string[], externalEnums: [] as string[] };

type WasmGlue = {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: {
    new: (options: unknown, log: (msg: string) => void, adapter: object) => Promise<WasmSchemaEngine>;
  };
};

/** The subset of the wasm engine's methods we use (they mirror the native JSON-RPC methods). */
export interface WasmSchemaEngine {
  /** Frees the engine and closes its database connections (releases SQLite locks). */
  close(): Promise<void>;
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(params: unknown): Promise<{ exitCode: number; stdout?: string | null }>;
  dbExecute(params: unknown): Promise<void>;
  free(): void;
}

let gluePromise: Promise<WasmGlue> | undefined;

async function loadGlue(): Promise<WasmGlue> {
  gluePromise ??= (async () => {
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as WasmGlue;
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, {
      './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return glue;
  })();
  return gluePromise;
}

/**
 * better-sqlite3 refuses multi-statement strings in `prepare`, but the engine sends migration
 * scripts through `executeRaw`. Argument-less queries go through `executeScript` instead.
 */
function scriptTolerant<T extends { executeRaw: Function; executeScript: Function }>(conn: T): T {
  const original = conn.executeRaw.bind(conn);
  conn.executeRaw = async (query: { sql: string; args: unknown[] }) => {
    if (query.args.length === 0) {
      await conn.executeScript(query.sql);
      return 0 as never;
    }
    return original(query);
  };
  return conn;
}

type Connection = { dispose(): Promise<void> };

/** A better-sqlite3 adapter factory that tolerates scripts and remembers its connections. */
function tolerantFactory(url: string, opened: Connection[]) {
  const factory = new PrismaBetterSqlite3({ url });
  const connect = factory.connect.bind(factory);
  const connectShadow = factory.connectToShadowDb.bind(factory);
  const track = <C extends Connection & { executeRaw: Function; executeScript: Function }>(c: C) => {
    opened.push(c);
    return scriptTolerant(c);
  };
  factory.connect = async () => track(await connect()) as never;
  factory.connectToShadowDb = async () => track(await connectShadow()) as never;
  return factory;
}

/** Opens the wasm schema engine against a SQLite URL with the given schema text. */
export async function openSchemaEngine(url: string, schemaPath: string): Promise<WasmSchemaEngine> {
  return openSchemaEngineWith(url, [[schemaPath, await readFile(schemaPath, 'utf8')]]);
}

/** Opens the wasm schema engine with datamodels given as [path, content] pairs. */
export async function openSchemaEngineWith(url: string, datamodels: [string, string][]): Promise<WasmSchemaEngine> {
  const glue = await loadGlue();
  const connections: Connection[] = [];
  const adapter = bindMigrationAwareSqlAdapterFactory(tolerantFactory(url, connections) as never);
  const engine = await glue.SchemaEngine.new({ datamodels }, () => {}, adapter);
  engine.close = async () => {
    engine.free();
    await Promise.all(connections.map((c) => c.dispose().catch(() => {})));
  };
  return engine;
}

/** Reads prisma/migrations in the shape the engine expects. */
export async function readMigrationsList(migrationsDir: string) {
  const entries = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    entries.map(async (name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      const content = await readFile(file, 'utf8').then(
        (ok) => ({ tag: 'ok', value: ok }),
        (err: Error) => ({ tag: 'error', value: err.message }),
      );
      return { path: name, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Applies pending migrations; returns the names applied. Fast (no CLI spawn). */
export async function applyMigrations(
  url: string,
  paths: { schema: string; migrations: string },
): Promise<string[]> {
  const engine = await openSchemaEngine(url, paths.schema);
  try {
    await engine.dbExecute({ datasourceType: { tag: 'url', url }, script: MIGRATIONS_TABLE_DDL });
    const migrationsList = await readMigrationsList(paths.migrations);
    const out = await engine.applyMigrations({ migrationsList, filters: noFilter });
    return out.appliedMigrationNames;
  } finally {
    await engine.close();
  }
}

/**
 * SQL that takes the database described by the migrations to the one described by the schema
 * (empty string when they match). Used to create new migrations and as the drift check.
 */
export async function diffMigrationsToSchema(
  url: string,
  paths: { schema: string; migrations: string },
): Promise<string> {
  const engine = await openSchemaEngine(url, paths.schema);
  try {
    const migrationsList = await readMigrationsList(paths.migrations);
    const schema = await readFile(paths.schema, 'utf8');
    const out = await engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [{ path: paths.schema, content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    return (out.stdout ?? '').trim();
  } finally {
    await engine.close();
  }
}
