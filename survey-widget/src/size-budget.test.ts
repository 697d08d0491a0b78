// SPEC §8: the widget bundle, Preact included, stays within 15 KiB gzip. `npm test` builds first;
// run alone, this test builds the bundle when it is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const WIDGET = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(WIDGET, 'dist', 'uptake-surveys.js');
const BUDGET_BYTES = 15 * 1024;

describe('survey widget bundle', () => {
  it('is at most 15 KiB gzip, Preact included', () => {
    if (!existsSync(BUNDLE)) execFileSync('npx', ['rollup', '-c', 'rollup.config.mjs'], { cwd: WIDGET, stdio: 'ignore' });
    const gzipped = gzipSync(readFileSync(BUNDLE), { level: 9 }).length;
    expect(gzipped, `uptake-surveys.js is ${gzipped} bytes gzip`).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('is an ES module exporting mountSurvey, with no eval', () => {
    const code = readFileSync(BUNDLE, 'utf8');
    expect(code).toMatch(/export\s*\{[^}]*\bas mountSurvey\b[^}]*\}|export\s*\{[^}]*\bmountSurvey\b/);
    expect(code).not.toMatch(/\beval\(|new Function\(/);
  });
});
