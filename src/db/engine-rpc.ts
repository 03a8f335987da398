/**
 * JSON-RPC front for the wasm schema engine, so the ordinary Prisma CLI commands
 * (`prisma generate`, `migrate diff`, `migrate deploy`, `migrate status`, `db push`) work offline.
 * Run through prisma/schema-engine-wasm.mjs; see src/db/schema-engine.ts for the engine itself.
 *
 * Protocol (as the native engine): the CLI passes `--datamodels <path>…` and
 * `--datasource '{"url":…}'`, then writes newline-delimited JSON-RPC requests on stdin; we answer
 * on stdout. `diff` output goes back to the CLI as a `print` request. One-shot commands:
 * `cli can-connect-to-database|create-database|drop-database`, `--version`.
 */
import { DEFAULT_DATABASE_URL } from './defaults.js';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { openSchemaEngineWith } from './schema-engine.js';

const args = process.argv.slice(2);

function argValues(flag: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag) {
      for (let j = i + 1; j < args.length && !args[j]!.startsWith('--'); j++) out.push(args[j]!);
    }
  }
  return out;
}

function datasourceUrl(): string | undefined {
  const raw = argValues('--datasource')[0];
  if (!raw) return undefined;
  try {
    return (JSON.parse(raw) as { url?: string }).url;
  } catch {
    return undefined;
  }
}

function filePathOf(url: string): string {
  return path.resolve(url.replace(/^file:/, '').split('?')[0]!);
}

function write(msg: unknown) {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

async function oneShot(command: string): Promise<never> {
  const url = datasourceUrl() ?? '';
  const file = filePathOf(url);
  if (command === 'create-database') {
    mkdirSync(path.dirname(file), { recursive: true });
  } else if (command === 'drop-database') {
    rmSync(file, { force: true });
  } else if (command === 'can-connect-to-database' && !existsSync(path.dirname(file))) {
    process.stderr.write(JSON.stringify({ is_panic: false, message: `Database directory missing: ${file}` }));
    process.exit(1);
  }
  write({ jsonrpc: '2.0', result: null });
  process.exit(0);
}

async function serve(): Promise<void> {
  // The CLI passes no --datamodels for some commands (migrate diff --from-migrations); the wasm
  // engine then panics on a table-rebuild migration, so fall back to the project's schema.
  const paths = argValues('--datamodels');
  const schemaPaths = paths.length ? paths : [path.resolve('prisma', 'schema.prisma')].filter((p) => existsSync(p));
  const datamodels = schemaPaths.map((p) => [p, readFileSync(p, 'utf8')] as [string, string]);
  const url = datasourceUrl() ?? DEFAULT_DATABASE_URL;
  mkdirSync(path.dirname(filePathOf(url)), { recursive: true });
  const engine = await openSchemaEngineWith(url, datamodels);
  let nextId = 1_000_000;
  const pendingPrints = new Map<number, () => void>();

  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', async (line) => {
    if (!line.trim()) return;
    const msg = JSON.parse(line) as { id?: number; method?: string; params?: unknown; result?: unknown };
    if (!msg.method) {
      // A response to our own `print` request.
      if (typeof msg.id === 'number') pendingPrints.get(msg.id)?.();
      return;
    }
    try {
      const params = (msg.params ?? {}) as Record<string, unknown>;
      let result: unknown;
      if (msg.method === 'version') result = 'wasm';
      else if (msg.method === 'diff') {
        const out = (await (engine as any).diff(params)) as { exitCode: number; stdout: string | null };
        if (out.stdout) {
          const id = nextId++;
          await new Promise<void>((resolve) => {
            pendingPrints.set(id, resolve);
            write({ jsonrpc: '2.0', id, method: 'print', params: { content: out.stdout } });
          });
        }
        result = { exitCode: out.exitCode };
      } else {
        const fn = (engine as any)[msg.method];
        if (typeof fn !== 'function') throw new Error(`Method not supported by the wasm engine: ${msg.method}`);
        result = await fn.call(engine, params);
      }
      write({ jsonrpc: '2.0', id: msg.id, result: result ?? null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      write({
        jsonrpc: '2.0',
        id: msg.id,
        error: { code: 4466, message: 'An error happened. Check the data field for details.', data: { is_panic: false, message, meta: {} } },
      });
    }
  });
  rl.on('close', () => process.exit(0));
}

if (args.includes('--version')) {
  process.stdout.write('schema-engine-wasm 7.10.0\n');
  process.exit(0);
}
const cliIndex = args.indexOf('cli');
if (cliIndex >= 0) await oneShot(args[cliIndex + 1] ?? '');
else await serve();
