// One built JavaScript bundle served from disk: read on demand, re-read when the file changes (a
// rebuild needs no restart), with its ETag and gzip/brotli forms computed once per version.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface BundleVersion {
  mtimeMs: number;
  /** Strong ETag of the uncompressed content. */
  etag: string;
  /** First 12 hex digits of its SHA-256: the `?v=` value that makes a URL immutable. */
  hash: string;
  identity: Uint8Array;
  gzip: Uint8Array;
  br: Uint8Array;
}

/**
 * Returns a loader for `path`: the current version of the file, or null when it does not exist.
 * @example const load = bundleLoader('/repo/sdk/dist/uptake.js'); const bundle = load()
 */
export function bundleLoader(path: string): () => BundleVersion | null {
  let cached: BundleVersion | null = null;
  return () => {
    let mtimeMs: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) return null;
      mtimeMs = stat.mtimeMs;
    } catch {
      return null;
    }
    if (cached?.mtimeMs === mtimeMs) return cached;
    const identity = new Uint8Array(readFileSync(path));
    const digest = createHash('sha256').update(identity).digest('hex');
    cached = {
      mtimeMs,
      etag: `"${digest.slice(0, 32)}"`,
      hash: digest.slice(0, 12),
      identity,
      gzip: new Uint8Array(gzipSync(identity, { level: 9 })),
      br: new Uint8Array(brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
    };
    return cached;
  };
}

/**
 * The best encoding the client accepts: 'br', then 'gzip', else 'identity' (q=0 refuses one).
 * @example pickEncoding('gzip, deflate, br') // 'br'
 */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}
