// Transfer sizes of the two browser bundles as a CDN would serve them: gzip (level 9, what the
// budgets of SPEC §8 are measured in, as in the size-budget tests) and brotli (quality 11).
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface BundleSize {
  raw: number;
  gzip: number;
  brotli: number;
}

/**
 * Sizes in bytes of a built bundle.
 * @example bundleSize('sdk/dist/uptake.js').gzip // ≤ 5120
 */
export function bundleSize(path: string): BundleSize {
  const source = readFileSync(path);
  return {
    raw: source.length,
    gzip: gzipSync(source, { level: 9 }).length,
    brotli: brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } }).length,
  };
}
