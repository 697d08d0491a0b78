import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDelivery } from './delivery.js';
import { createHide, KEEPALIVE_PART_BYTES } from './page-hide.js';
import { createQueue, type Entry, type Queue } from './queue.js';
import { uuidv7 } from './ids.js';
import type { BatchRequest } from '@uptake/protocol';
import { acceptAll, startFakeCollector, type FakeCollector } from './testing/fake-collector.js';

const event = (name: string, text = ''): Entry => {
  const messageId = uuidv7();
  return [messageId, { type: 'track', messageId, event: name, properties: { text } }];
};
/** The page's form of an event: JSON text under its key (what page hide sends). */
const asText = ([key, value]: Entry): Entry<string> => [key, JSON.stringify(value)];
const sentNames = (requests: BatchRequest[]) => requests.flatMap((r) => r.batch.map((e) => e.event));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let fake: FakeCollector;
let queue: Queue;
// The page's queue of the same events as text, for page hide.
let pageQueue: Queue<string>;
let optedOut: boolean;
const nav = { onLine: true };

function setup(overrides: { flushAt?: number; flushIntervalMs?: number } = {}) {
  queue = createQueue(1000, (count) => ({ ...event('$queue_dropped')[1], properties: { count } }), true);
  pageQueue = createQueue<string>(1000, () => '', true);
  const { flushAt = 5, flushIntervalMs = 200 } = overrides;
  const delivery = createDelivery(fake.url, 'wk_test', queue, flushAt, flushIntervalMs, () => optedOut);
  const push = (...names: string[]) => names.forEach((n) => (queue.push(event(n)), delivery.added()));
  const hide = createHide(fake.url, 'wk_test', pageQueue, () => optedOut);
  return { delivery, push, hide };
}

beforeAll(async () => (fake = await startFakeCollector()));
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.contentTypes.length = 0;
  fake.reply = acceptAll;
  optedOut = false;
  nav.onLine = true;
  vi.stubGlobal('navigator', nav);
});
afterEach(() => vi.unstubAllGlobals());

describe('delivery', () => {
  it('sends as soon as flushAt events wait, as one text/plain batch with writeKey and sentAt', async () => {
    const { push } = setup({ flushIntervalMs: 60_000 });
    push('a', 'b', 'c', 'd', 'e');
    await fake.waitFor(1);
    expect(sentNames(fake.requests)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(fake.requests[0].writeKey).toBe('wk_test');
    expect(Date.parse(fake.requests[0].sentAt!)).toBeGreaterThan(Date.now() - 10_000);
    expect(fake.contentTypes[0]).toMatch(/^text\/plain/);
  });

  it('sends every event waiting when a flush starts in one request, not flushAt at a time', async () => {
    const { delivery } = setup({ flushAt: 20, flushIntervalMs: 60_000 });
    // A burst of 250 in one task: the flush flushAt triggers runs after it (in a microtask) and sends all 250.
    for (let i = 0; i < 250; i++) queue.push(event(`e${i}`)), delivery.added();
    await fake.waitFor(1);
    await delivery.flush();
    expect(fake.requests.map((r) => r.batch.length)).toEqual([250]);
    expect(await queue.head(1000)).toEqual([]);
  });

  it('keeps each request within the collector\'s 1 MiB body limit', async () => {
    const { delivery } = setup({ flushAt: 1000, flushIntervalMs: 60_000 });
    // 30 events of 20 000 characters of properties and ~100 of the rest: 16 fit in 340 000 characters
    // (16 × ~20 100 ≈ 321 600; 17 × ~20 100 ≈ 341 700 > 340 000), so 16 then 14.
    for (let i = 0; i < 30; i++) queue.push(event(`e${i}`, 'x'.repeat(20_000))), delivery.added();
    await delivery.flush();
    expect(fake.requests.map((r) => r.batch.length)).toEqual([16, 14]);
    expect(sentNames(fake.requests)).toEqual(Array.from({ length: 30 }, (_, i) => `e${i}`));
    for (const request of fake.requests) expect(JSON.stringify(request).length * 3).toBeLessThanOrEqual(1024 * 1024);
  });

  it('sends fewer events once flushIntervalMs has passed', async () => {
    const { push } = setup();
    const start = Date.now();
    push('a', 'b');
    await fake.waitFor(1);
    expect(Date.now() - start).toBeGreaterThanOrEqual(190);
    expect(sentNames(fake.requests)).toEqual(['a', 'b']);
  });

  it('keeps events until a 2xx covers them, honouring Retry-After', async () => {
    let answers = 0;
    fake.reply = (request) => (answers++ === 0 ? { status: 503, headers: { 'Retry-After': '1' } } : acceptAll(request));
    const { delivery, push } = setup();
    push('a', 'b');
    await delivery.flush();
    expect(fake.requests).toHaveLength(1);
    expect((await queue.head(10)).map(([, e]) => e.event)).toEqual(['a', 'b']);
    const failedAt = Date.now();
    await fake.waitFor(2);
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(950);
    await delivery.flush();
    expect(await queue.head(10)).toEqual([]);
    expect(sentNames(fake.requests)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('backs off exponentially instead of storming a failing collector', async () => {
    fake.reply = () => ({ status: 503 });
    vi.spyOn(Math, 'random').mockReturnValue(0.99); // delays ≈ 495, 990, 1980 ms
    const { delivery, push } = setup();
    push('a');
    delivery.flush();
    await sleep(2500);
    // Requests at ≈ 0, 0.5 s and 1.5 s; the next one is due at ≈ 3.5 s.
    expect(fake.requests).toHaveLength(3);
    optedOut = true;
  });

  it('halves the batch on 413 until the collector takes it, losing nothing', async () => {
    fake.reply = (request) => (request.batch.length > 3 ? { status: 413 } : acceptAll(request));
    const { delivery, push } = setup({ flushAt: 100 });
    push(...Array.from({ length: 10 }, (_, i) => `e${i}`));
    await delivery.flush();
    const accepted = fake.requests.filter((r) => r.batch.length <= 3);
    expect(sentNames(accepted)).toEqual(Array.from({ length: 10 }, (_, i) => `e${i}`));
    expect(await queue.head(100)).toEqual([]);
  });

  it('drops events a 4xx refuses for good, and goes on', async () => {
    fake.reply = (request) => (request.batch[0].event === 'bad' ? { status: 400 } : acceptAll(request));
    const { delivery } = setup({ flushAt: 100 });
    queue.push(event('bad'));
    queue.push(event('bad2'));
    await delivery.flush();
    expect(await queue.head(10)).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('removes events the collector rejected by index (a 2xx settles the whole batch)', async () => {
    fake.reply = () => ({ status: 200, body: { accepted: 1, duplicates: 0, rejected: [{ index: 0, messageId: 'x', reason: 'bad' }] } });
    const { delivery, push } = setup({ flushAt: 100 });
    push('a', 'b');
    await delivery.flush();
    expect(await queue.head(10)).toEqual([]);
  });

  it('sends nothing while offline and everything once back online', async () => {
    nav.onLine = false;
    const { delivery, push } = setup({ flushAt: 1 });
    push('a', 'b');
    await delivery.flush();
    expect(fake.requests).toHaveLength(0);
    nav.onLine = true;
    delivery.online();
    await fake.waitFor(1);
    await delivery.flush();
    expect(sentNames(fake.requests)).toEqual(['a', 'b']);
  });

  it('sends nothing after opt-out', async () => {
    optedOut = true;
    const { delivery, push, hide } = setup({ flushAt: 1 });
    push('a');
    pageQueue.push(asText(event('a')));
    await delivery.flush();
    hide();
    await sleep(50);
    expect(fake.requests).toHaveLength(0);
  });

  it('flush() called during a send also sends what was added meanwhile', async () => {
    const { delivery, push } = setup({ flushAt: 100 });
    push('a');
    const first = delivery.flush();
    push('b');
    await Promise.all([first, delivery.flush()]);
    expect(sentNames(fake.requests).sort()).toEqual(['a', 'b']);
    expect(await queue.head(10)).toEqual([]);
  });

  it('on page hide sends unsent events newest first within the keepalive budget, once', async () => {
    const { hide } = setup({ flushAt: 1000, flushIntervalMs: 60_000 });
    const text = 'x'.repeat(1000);
    for (let i = 0; i < 100; i++) pageQueue.push(asText(event(`e${i}`, text)));
    hide();
    hide(); // pagehide after visibilitychange: nothing sent twice
    await fake.waitFor(2);
    await sleep(100);
    expect(fake.requests).toHaveLength(2);
    const sent = sentNames(fake.requests);
    // The newest events are chosen first; each body lists its events in time order.
    expect(fake.requests[0].batch.at(-1)!.event).toBe('e99');
    for (const request of fake.requests) expect(request.batch.map((e) => e.messageId)).toEqual(request.batch.map((e) => e.messageId).sort());
    expect(new Set(sent).size).toBe(sent.length);
    for (const request of fake.requests) expect(JSON.stringify(request).length).toBeLessThanOrEqual(KEEPALIVE_PART_BYTES);
    // Confirmed by the answers (the page lived on): only the rest is still queued.
    expect((await pageQueue.head(1000)).length).toBe(100 - sent.length);
  });
});
