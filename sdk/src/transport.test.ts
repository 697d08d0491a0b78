import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { batchBody, postBatch, splitBodies } from './transport.js';
import type { Entry } from './queue.js';
import { startFakeCollector, type FakeCollector } from './testing/fake-collector.js';

/** An event as the page keeps it: JSON text under its messageId. */
const entry = (id: string, text = ''): Entry<string> => [id, JSON.stringify({ type: 'track', messageId: id, event: 'E', properties: { text } })];

describe('batchBody', () => {
  it('is the Segment batch call with the write key inside (beacons cannot set headers)', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date'] });
    const body = JSON.parse(batchBody('wk_demo', [entry('a')[1]]));
    vi.useRealTimers();
    expect(body).toEqual({ writeKey: 'wk_demo', sentAt: '2026-01-01T00:00:00.000Z', batch: [{ type: 'track', messageId: 'a', event: 'E', properties: { text: '' } }] });
  });

  it('joins several events and escapes the write key', () => {
    const body = JSON.parse(batchBody('wk_"q"', [entry('a')[1], entry('b')[1]]));
    expect(body.writeKey).toBe('wk_"q"');
    expect(body.batch.map((event: { messageId: string }) => event.messageId)).toEqual(['a', 'b']);
    expect(JSON.parse(batchBody('wk', [])).batch).toEqual([]);
  });
});

describe('splitBodies', () => {
  it('keeps every body under the byte limit, counting UTF-8 bytes, in order', () => {
    const entries = Array.from({ length: 40 }, (_, i) => entry(`id${String(i).padStart(2, '0')}`, 'é'.repeat(300)));
    const parts = splitBodies('wk', entries, 4000);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(new TextEncoder().encode(batchBody('wk', part.map((e) => e[1]))).length).toBeLessThanOrEqual(4000);
    expect(parts.flat()).toEqual(entries);
  });

  it('leaves out an event too big to fit alone', () => {
    const parts = splitBodies('wk', [entry('a'), entry('b', 'x'.repeat(5000)), entry('c')], 4000);
    expect(parts.flat().map((e) => e[0])).toEqual(['a', 'c']);
  });
});

describe('postBatch', () => {
  let fake: FakeCollector;
  beforeAll(async () => (fake = await startFakeCollector()));
  afterAll(() => fake.close());

  it('posts text/plain JSON and reads rejected indexes from a 200', async () => {
    fake.reply = () => ({ status: 200, body: { accepted: 1, duplicates: 0, rejected: [{ index: 1, messageId: 'b', reason: 'bad' }] } });
    const outcome = await postBatch(fake.url, batchBody('wk', [entry('a')[1], entry('b')[1]]), false);
    expect(outcome).toMatchObject({ status: 200, rejected: [{ index: 1, messageId: 'b', reason: 'bad' }] });
    expect(fake.contentTypes.at(-1)).toMatch(/^text\/plain/);
    expect(fake.requests.at(-1)!.batch.map((e) => e.messageId)).toEqual(['a', 'b']);
  });

  it('reads Retry-After from a 503', async () => {
    fake.reply = () => ({ status: 503, headers: { 'Retry-After': '7' }, body: { error: { code: 'storage_unavailable', message: 'busy' } } });
    expect(await postBatch(fake.url, batchBody('wk', []), false)).toEqual({ status: 503, retryAfter: 7 });
  });

  it('answers status 0 when the connection is refused', async () => {
    expect(await postBatch('http://127.0.0.1:9', batchBody('wk', []), false)).toEqual({ status: 0 });
  });
});
