// Property-based fuzzing of every ingest endpoint (SPEC §3, §16): POST /v1/batch and the six
// single-call endpoints get arbitrary bodies (bytes, text, JSON of any shape, BOMs, gzip of any of
// those) under any content type. Every answer is a 2xx or a 4xx with a JSON error, never a 5xx;
// valid messages next to bad ones are stored, and what was acknowledged is what the store holds.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WRITE_KEY, startTestCollector, type TestCollector } from './support.js';

let c: TestCollector;
let acknowledged = 0;
beforeAll(async () => {
  c = await startTestCollector();
});
afterAll(async () => {
  await c.close();
});

const ENDPOINTS = ['/v1/batch', '/v1/track', '/v1/identify', '/v1/group', '/v1/page', '/v1/screen', '/v1/alias'];

/** Bodies of every kind: raw bytes, any text, JSON of any value, near-valid objects, with or without a BOM. */
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s, 'utf8')),
  fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  fc.record({ writeKey: fc.oneof(fc.constant(WRITE_KEY), fc.string()), batch: fc.anything({ maxDepth: 3 }), userId: fc.anything({ maxDepth: 1 }), event: fc.anything({ maxDepth: 1 }) }, { requiredKeys: [] })
    .map((o) => Buffer.from(JSON.stringify(o) ?? '{}')),
);

const request = fc.record({
  endpoint: fc.constantFrom(...ENDPOINTS),
  body: payload,
  bom: fc.boolean(),
  gzip: fc.constantFrom('none', 'gzip', 'gzip-header-only'),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', undefined),
  keyInHeader: fc.boolean(),
});

it('answers any body on any ingest endpoint with a 2xx or a 4xx, never a 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(request, async ({ endpoint, body, bom, gzip, contentType, keyInHeader }) => {
      let bytes = bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
      const headers: Record<string, string> = {};
      if (contentType) headers['content-type'] = contentType;
      if (keyInHeader) headers['x-uptake-write-key'] = WRITE_KEY;
      if (gzip !== 'none') headers['content-encoding'] = 'gzip';
      if (gzip === 'gzip') bytes = gzipSync(bytes);
      const res = await fetch(`${c.url}${endpoint}`, { method: 'POST', headers, body: bytes });
      const text = await res.text();
      expect(res.status, `${endpoint} → ${res.status} ${text}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${endpoint} → ${res.status} ${text}`).toBeLessThan(500);
      const answer = JSON.parse(text);
      if (res.status >= 400) expect(typeof answer.error.code).toBe('string');
      else acknowledged += answer.accepted;
    }),
    // Bounded: at most ~6 s on a busy machine, whatever the run count reached.
    { numRuns: 200, seed: 20261206, interruptAfterTimeLimit: 6000 },
  );
});

let seq = 0;
const validMessage = fc.record({
  userId: fc.string({ minLength: 1, maxLength: 30 }),
  event: fc.string({ minLength: 1, maxLength: 50 }),
  properties: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
}).map((m) => ({ ...m, type: 'track', messageId: `fuzz-valid-${++seq}` }));

it('stores the valid messages next to any bad ones, on /v1/batch and the single-call endpoints', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(validMessage, fc.anything({ maxDepth: 3 })), { minLength: 1, maxLength: 8 }), validMessage, async (batch, single) => {
      const valid = batch.filter((m) => typeof m === 'object' && m !== null && String((m as { messageId?: unknown }).messageId).startsWith('fuzz-valid-')).length;
      const res = await fetch(`${c.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey: WRITE_KEY, batch }) });
      const answer = await res.json();
      expect(res.status).toBe(200);
      expect(answer.accepted).toBe(valid);
      acknowledged += answer.accepted;
      const one = await fetch(`${c.url}/v1/track`, { method: 'POST', headers: { 'x-uptake-write-key': WRITE_KEY }, body: JSON.stringify(single) });
      expect(await one.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
      acknowledged += 1;
    }),
    { numRuns: 60, seed: 20261206 },
  );
  // Everything acknowledged by either property is stored, nothing more.
  expect(await c.store.countEvents('test')).toBe(acknowledged);
});
