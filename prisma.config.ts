/**
 * Prisma CLI configuration.
 *
 * This machine class reaches only the npm registry, so the CLI cannot download its native
 * schema engine. We point PRISMA_SCHEMA_ENGINE_BINARY at a small script that speaks the native
 * engine's JSON-RPC protocol and forwards to Prisma's WebAssembly schema engine
 * (@prisma/schema-engine-wasm). Someone with the native engine can still set the variable.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';
import { DEFAULT_DATABASE_URL } from './src/db/defaults.js';

const root = path.dirname(fileURLToPath(import.meta.url));
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(root, 'prisma', 'schema-engine-wasm.mjs');

export default defineConfig({
  schema: path.join(root, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(root, 'prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL },
});
