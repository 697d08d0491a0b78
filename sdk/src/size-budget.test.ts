// SPEC §8: uptake.js ≤ 5 KiB gzip, measured on the built file (`npm test` builds before vitest).
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const SDK_BUDGET_BYTES = 5 * 1024;
const bundle = new URL('../dist/uptake.js', import.meta.url);

describe('size budget', () => {
  it('dist/uptake.js is at most 5 KiB gzip', () => {
    expect(existsSync(bundle), 'sdk/dist/uptake.js is missing: run `npm run build -w sdk` first').toBe(true);
    const source = readFileSync(bundle);
    const gzip = gzipSync(source, { level: 9 }).length;
    console.log(`uptake.js: ${source.length} B minified, ${gzip} B gzip, ${brotliCompressSync(source).length} B brotli (budget ${SDK_BUDGET_BYTES} B gzip)`);
    expect(gzip).toBeLessThanOrEqual(SDK_BUDGET_BYTES);
  });
});
