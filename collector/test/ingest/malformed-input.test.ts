// Property-based: thousands of malformed batches and events thrown at /v1/batch. The server never
// answers 500, never crashes, and every valid neighbour of a bad event is stored.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WRITE_KEY, startTestCollector, type TestCollector } from './support.js';

let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector();
});
afterAll(async () => {
  await c.close();
});

const FIELDS = ['type', 'userId', 'anonymousId', 'groupId', 'event', 'name', 'messageId', 'timestamp', 'originalTimestamp', 'sentAt', 'properties', 'traits', 'context'];

let validSeq = 0;
/** An event that is valid whatever the generator picks; its messageId is unique and recorded. */
const validEvent = fc
  .record({
    type: fc.constantFrom('track', 'identify', 'group', 'page', 'screen', 'alias'),
    userId: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
    anonymousId: fc.string({ minLength: 1, maxLength: 20 }),
    groupId: fc.string({ minLength: 1, maxLength: 20 }),
    event: fc.string({ minLength: 1, maxLength: 200 }),
    properties: fc.option(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), { nil: undefined }),
    timestamp: fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), { nil: undefined }),
    sessionId: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: undefined }),
  })
  .map(({ sessionId, ...e }) => ({ ...e, context: sessionId ? { sessionId, ip: '198.51.100.1' } : undefined, valid: true as const }));

const deep = fc.integer({ min: 9, max: 40 }).map((levels) => {
  let o: unknown = 1;
  for (let i = 0; i < levels; i++) o = Math.random() < 0.5 ? { x: o } : [o];
  return o;
});

/** Events that may or may not be valid: a valid event with one field replaced, or anything at all. */
const malformedEvent = fc.oneof(
  fc.anything({ maxDepth: 4, withObjectString: true, withNullPrototype: true }),
  fc.record({ base: validEvent, field: fc.constantFrom(...FIELDS), value: fc.oneof(fc.anything({ maxDepth: 3 }), deep, fc.string({ minLength: 190, maxLength: 300 })) })
    .map(({ base, field, value }) => ({ ...base, valid: false, [field]: value })),
  fc.record({ base: validEvent, field: fc.constantFrom(...FIELDS) }).map(({ base, field }) => {
    const { [field as keyof typeof base]: _dropped, ...rest } = base;
    return { ...rest, valid: false };
  }),
);

type Item = { valid?: boolean } & Record<string, unknown>;

it('never answers 500 and stores every valid neighbour of a bad event', async () => {
  const stored = new Set<string>();
  const send = async (batch: unknown[], extra: Record<string, unknown> = {}) => {
    const res = await c.post({ writeKey: WRITE_KEY, ...extra, batch });
    return { status: res.status, body: await res.json() };
  };

  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof({ weight: 2, arbitrary: validEvent }, { weight: 3, arbitrary: malformedEvent }), { minLength: 1, maxLength: 25 }),
      fc.option(fc.anything({ maxDepth: 1 }), { nil: undefined }),
      async (items, sentAt) => {
        const batch = items.map((item) => {
          if (typeof item !== 'object' || item === null || !('valid' in item)) return item;
          const { valid, ...event } = item as Item;
          if (valid) event.messageId = `valid-${++validSeq}`;
          return event;
        });
        const { status, body } = await send(batch, sentAt === undefined ? {} : { sentAt });
        expect(status).toBe(200);
        const rejected = new Set((body.rejected as { index: number }[]).map((r) => r.index));
        items.forEach((item, i) => {
          if (typeof item === 'object' && item !== null && (item as Item).valid === true) {
            expect(rejected.has(i), JSON.stringify(batch[i]).slice(0, 300)).toBe(false);
            stored.add((batch[i] as Item).messageId as string);
          }
        });
        expect(body.accepted + body.duplicates + body.rejected.length).toBe(batch.length);
      },
    ),
    { numRuns: 400 },
  );

  // Whole bodies that are not batches at all.
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'))),
      async (raw) => {
        const res = await c.post(raw, { raw: true, headers: { 'x-uptake-write-key': WRITE_KEY } });
        expect([200, 400, 413]).toContain(res.status);
        await res.arrayBuffer();
      },
    ),
    { numRuns: 300 },
  );

  expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
  const db = new Database(c.dbPath, { readonly: true });
  const ids = new Set(db.prepare(`SELECT message_id FROM events WHERE message_id LIKE 'valid-%'`).pluck().all() as string[]);
  db.close();
  const missing = [...stored].filter((id) => !ids.has(id));
  expect(missing).toEqual([]);
  expect(stored.size).toBeGreaterThan(500);
}, 60_000);
