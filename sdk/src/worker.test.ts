// The delivery worker's side of the page ↔ worker messages (worker.ts), run as the page-script
// fallback runs it (through window.__uptakeWorker), against fake-indexeddb and a real HTTP collector
// on loopback. The browser paths (blob: worker, CSP fallback, page close) are e2e/sdk-worker.spec.ts.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createStore, promisifyRequest } from 'idb-keyval';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireEvent } from '@uptake/protocol';
import { uuidv7 } from './ids.js';
import type { Entry } from './queue.js';
import type { Message, Reply } from './worker.js';
import { WORKER_PROTOCOL } from './version.js';
import { acceptAll, startFakeCollector, type FakeCollector } from './testing/fake-collector.js';

type Handle = (message: Message, reply: (reply: Reply) => void) => void;

const events = (...names: string[]): WireEvent[] => names.map((event) => ({ type: 'track', messageId: uuidv7(), event, anonymousId: 'a1', context: { sessionId: 's1' } }));
/** Every event stored in the queue's IndexedDB records, by name. */
const storedNames = () =>
  createStore('uptake', 'queue')('readonly', (s) => promisifyRequest(s.getAll())).then((records: Entry[][]) => records.flat().map(([, event]) => event.event).sort());

let fake: FakeCollector;
let id = 0;
let handle: Handle;
/** Sends one message to the worker code and resolves with its answer (a put takes the events alone). */
const call = (method: string, ...args: unknown[]) => new Promise<unknown>((resolve) => handle([++id, method, args, false], ([, result]) => resolve(result)));

beforeAll(async () => (fake = await startFakeCollector()));
afterAll(() => fake.close());
beforeEach(async () => {
  fake.requests.length = 0;
  fake.reply = acceptAll;
  vi.stubGlobal('indexedDB', new IDBFactory());
  // Online, no Web Locks (Node has neither): the send runs unguarded, as on plain-http pages.
  vi.stubGlobal('navigator', { onLine: true });
  // A page (not a worker scope): worker.ts then exposes its handler as window.__uptakeWorker.
  const page = {} as { __uptakeWorker?: Handle };
  vi.stubGlobal('window', page);
  vi.resetModules();
  await import('./worker.js');
  handle = page.__uptakeWorker!;
  // The first message carries the config: [host, writeKey, maxQueue, flushAt, flushIntervalMs].
  first = await new Promise<Reply>((resolve) => handle([0, '', [fake.url, 'wk_test', 3, 1000, 60_000], false], resolve));
});
let first: Reply;

describe('worker.ts (the delivery worker, here as the page-script fallback)', () => {
  it('acknowledges a put only once its events are in IndexedDB', async () => {
    const put = call('put', events('a', 'b', 'c'));
    expect(await storedNames()).toEqual([]);
    await put;
    expect(await storedNames()).toEqual(['a', 'b', 'c']);
  });

  it('flush sends what is stored and removes it once the collector confirmed it', async () => {
    await call('put', events('a', 'b'));
    await call('flush');
    // One request with both events (flushAt 1000: only flush() sends), then an empty queue.
    expect(fake.requests.map((request) => request.batch.map((event) => event.event))).toEqual([['a', 'b']]);
    expect(fake.requests[0].writeKey).toBe('wk_test');
    expect(await storedNames()).toEqual([]);
  });

  it('drop removes events the page-hide send got confirmed: they are never sent again', async () => {
    const burst = events('a', 'b', 'c');
    await call('put', burst);
    await call('drop', [burst[0].messageId, burst[1].messageId]);
    await call('flush');
    expect(fake.requests.map((request) => request.batch.map((event) => event.event))).toEqual([['c']]);
  });

  it('over maxQueue (3) the oldest go and a $queue_dropped report carries the latest ids and context', async () => {
    await call('put', events('a', 'b', 'c', 'd', 'e'));
    // 5 events, maxQueue 3: a and b dropped (count 2), the report stored after the rest.
    expect(await storedNames()).toEqual(['$queue_dropped', 'c', 'd', 'e']);
    await call('flush');
    const report = fake.requests.flatMap((request) => request.batch).find((event) => event.event === '$queue_dropped')!;
    expect(report).toMatchObject({ type: 'track', properties: { count: 2 }, anonymousId: 'a1', context: { sessionId: 's1' } });
  });

  it('answers the first message with its protocol version: the page then posts JSON text', () => {
    expect(first).toEqual([0, WORKER_PROTOCOL]);
  });

  it('takes events as their JSON texts joined by commas, and as objects from older pages', async () => {
    const [a, b] = events('a', 'b');
    await call('put', [a, b].map((event) => JSON.stringify(event)).join());
    await call('put', events('c'));
    await call('flush');
    // Both forms are stored and sent alike, with their messageIds.
    expect(fake.requests.flatMap((request) => request.batch.map((event) => event.event))).toEqual(['a', 'b', 'c']);
    expect(fake.requests[0].batch[0]).toEqual(a);
  });

  it('answers an unknown method with undefined rather than failing', async () => {
    expect(await call('no-such-method')).toBeUndefined();
  });
});

describe('worker.ts and a page of WORKER_PROTOCOL 3: news instead of answers to puts', () => {
  /** A fresh worker module for a page of protocol 3 (its first message says so); returns the news it posts. */
  async function start(flushIntervalMs: number) {
    vi.resetModules();
    const page = {} as { __uptakeWorker?: Handle };
    vi.stubGlobal('window', page);
    await import('./worker.js');
    const news: Reply[] = [];
    const answers: Reply[] = [];
    const reply = (message: Reply) => (message[0] < 0 ? news : answers).push(message);
    page.__uptakeWorker!([0, '', [fake.url, 'wk_test', 100, 1000, flushIntervalMs], false, WORKER_PROTOCOL], reply);
    return { handle: page.__uptakeWorker!, news, answers };
  }

  it('after a send, one news message says the put is stored and which of the page’s events left the queue', async () => {
    const { handle, news, answers } = await start(60_000);
    const burst = events('a', 'b');
    handle([1, 'put', [burst], false], (message) => answers.push(message));
    await vi.waitFor(async () => expect(await storedNames()).toEqual(['a', 'b']));
    // Stored, not yet sent: no answer to the put and no news (the timer waits 60 000 + 500 ms).
    expect([answers.slice(1), news]).toEqual([[], []]);
    await new Promise<unknown>((resolve) => handle([2, 'flush', [], false], resolve));
    // The flush sent both: one news, put 1 stored (~1 = -2), their keys joined by a comma.
    expect(news).toEqual([[~1, `${burst[0].messageId},${burst[1].messageId}`]]);
    expect(answers.map(([id]) => id)).toEqual([0]);
  });

  it('takes a burst of heads followed by the ids and context they share, and stores and sends whole events', async () => {
    const { handle } = await start(60_000);
    const [a, b] = events('a', 'b');
    const head = ({ anonymousId, context, ...own }: WireEvent) => JSON.stringify(own).slice(0, -1);
    // What worker-client.ts compact() posts: head a, head b, then the shared members as an object, its last brace left out.
    handle([1, 'put', [`${head(a)}},${head(b)}},{"anonymousId":"a1","context":{"sessionId":"s1"}`], false], () => 0);
    await vi.waitFor(async () => expect(await storedNames()).toEqual(['a', 'b']));
    await new Promise<unknown>((resolve) => handle([2, 'flush', [], false], resolve));
    expect(fake.requests[0].batch).toEqual([a, b]);
  });

  it('without a send (offline), the news that a put is stored comes flushIntervalMs + 500 ms later', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    const { handle, news } = await start(100);
    const stored = Date.now();
    handle([1, 'put', [events('a')], false], () => 0);
    // 100 + 500 = 600 ms after the put was stored; nothing left the queue.
    await vi.waitFor(() => expect(news).toEqual([[~1, '']]), { timeout: 3000 });
    expect(Date.now() - stored).toBeGreaterThanOrEqual(550);
    expect(fake.requests).toEqual([]);
  });
});
