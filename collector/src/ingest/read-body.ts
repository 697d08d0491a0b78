// Reads a request body with the 1 MiB cap of SPEC §3, measured after decompression: gzip bodies are
// inflated only up to the cap (a zip bomb costs at most 1 MiB), then parsed as JSON whatever the Content-Type.
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Context } from 'hono';
import { LIMITS } from '@uptake/protocol';
import { UptakeError } from '../errors.js';

const gunzipAsync = promisify(gunzip);

const tooLarge = () => new UptakeError('payload_too_large', `body larger than ${LIMITS.maxBodyBytes / 1024 / 1024} MiB`);

/** Body chunks: straight from Node's request when served by @hono/node-server, else from the fetch Request. */
function bodyChunks(c: Context): AsyncIterable<Uint8Array> | null {
  const incoming = (c.env as { incoming?: AsyncIterable<Uint8Array> } | undefined)?.incoming;
  if (incoming && typeof incoming[Symbol.asyncIterator] === 'function') return incoming;
  return (c.req.raw.body as unknown as AsyncIterable<Uint8Array> | null) ?? null;
}

async function readCapped(chunks: AsyncIterable<Uint8Array> | null, limit: number): Promise<Buffer> {
  if (!chunks) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge();
    parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
}

/**
 * Reads the (possibly gzip-encoded) body and parses it as JSON.
 * Throws `payload_too_large` (413) past 1 MiB and `invalid_body` (400) for bad gzip or JSON.
 * @example const body = await readJsonBody(c)
 */
export async function readJsonBody(c: Context, limit: number = LIMITS.maxBodyBytes): Promise<unknown> {
  const encoding = (c.req.header('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new UptakeError('invalid_body', `unsupported Content-Encoding "${encoding}" (use gzip or none)`);
  }
  const gzipped = encoding !== 'identity';
  // Compressed data can be slightly larger than what it inflates to; past this it cannot fit the cap.
  const wireLimit = gzipped ? limit + 64 * 1024 : limit;
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > wireLimit) throw tooLarge();

  let body = await readCapped(bodyChunks(c), wireLimit);
  if (gzipped) {
    try {
      body = await gunzipAsync(body, { maxOutputLength: limit });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge();
      throw new UptakeError('invalid_body', 'body is not valid gzip');
    }
  } else if (body.byteLength > limit) throw tooLarge();

  try {
    // A UTF-8 byte-order mark (some Windows tools write one) is not JSON: skip it.
    const text = body.toString('utf8');
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new UptakeError('invalid_body', 'body is not valid JSON');
  }
}
