#!/usr/bin/env node
// Stand-in for Prisma's native schema engine binary (which this machine class cannot download):
// speaks the native engine's stdin/stdout JSON-RPC protocol and forwards to the WebAssembly
// engine. Named by PRISMA_SCHEMA_ENGINE_BINARY in prisma.config.ts. Logic: src/db/engine-rpc.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/db/engine-rpc.ts');
