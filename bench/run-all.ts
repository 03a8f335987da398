/** Runs every benchmark script in bench/ one after another (each prints its own numbers). */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run-all.ts').sort()) {
  console.log(`\n### ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
