/**
 * The layer rule (see .dependency-cruiser.cjs and the README's architecture section): imports
 * only run downward and never in a circle. Fails with the offending imports listed.
 */
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs') as { forbidden: unknown[]; options: Record<string, unknown> };

async function violationsOf(paths: string[]) {
  const result = await cruise(paths, { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } } as never);
  const output = result.output as ICruiseResult;
  return {
    modules: output.summary.totalCruised,
    violations: output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`),
  };
}

describe('architecture', () => {
  it('src/ has no import that runs back up the layers and no cycle', async () => {
    const { modules, violations } = await violationsOf(['src']);
    expect(modules).toBeGreaterThan(100);
    expect(violations).toEqual([]);
  }, 60_000);
});
