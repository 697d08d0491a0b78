// The page's side of the worker protocol (worker-client.ts) against a stand-in Worker that answers
// like a current or an older uptake-worker.js (a cached file, or a collector older than the page's
// SDK). The real worker in a real Chromium is e2e/sdk-worker.spec.ts.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message, Reply } from './worker.js';
import { WORKER_PROTOCOL } from './version.js';
import type { EventText } from './event-builder.js';
import { createStore, promisifyRequest } from 'idb-keyval';

/** What the stand-in worker received, and the answer it gives to the first message. */
let received: Message[];
let firstAnswer: unknown;
let worker: StandInWorker;

class StandInWorker {
  onmessage?: (event: { data: Reply }) => void;
  onerror?: () => void;
  constructor() {
    worker = this;
  }
  postMessage(message: Message) {
    received.push(structuredClone(message));
    // Answers in a later task, as a worker does; the first message with its protocol (older files:
    // nothing). A worker of protocol 3 answers no put: its news (tell()) does.
    if (message[1] != 'put' || (firstAnswer as number) < 3) setTimeout(() => this.onmessage?.({ data: [message[0], message[0] ? 0 : firstAnswer] }));
  }
}
/** News from the stand-in worker: puts up to id `stored` are stored, the events `left` left the queue. */
const tell = (stored: number, left: string) => worker.onmessage!({ data: [~stored, left] });

// Two events of one identity and page: their heads, and the tail they share.
const TAIL = ',"anonymousId":"a1","context":{"sessionId":"s1"}}';
const event = (key: string, name: string): EventText => [key, `{"type":"track","event":"${name}","messageId":"${key}"`, TAIL];
const text = ([, head, tail]: EventText) => head + tail;
/** The events in the page's own IndexedDB records (page hide writes them there), by key. */
const storedKeys = () =>
  createStore('uptake', 'queue')('readonly', (s) => promisifyRequest(s.getAll())).then((records: [string, unknown][][]) => records.flat().map(([key]) => key).sort());
const puts = () => received.filter((message) => message[1] == 'put').map((message) => message[2][0]);
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

beforeEach(() => {
  received = [];
  vi.stubGlobal('indexedDB', new IDBFactory());
  vi.stubGlobal('location', { origin: 'https://app.example.com' });
  vi.stubGlobal('Worker', StandInWorker);
  vi.resetModules();
});
afterEach(() => vi.unstubAllGlobals());

async function start() {
  const { startWorker } = await import('./worker-client.js');
  const outbox = startWorker('https://app.example.com', ['https://app.example.com', 'wk'], () => false, false);
  // The worker starts in the task after the client's, and answers in the one after.
  await settle();
  return outbox;
}

describe('the page and a worker of its own protocol version', () => {
  it('posts a task’s events as one string: their own members, then the ids and context they share, once', async () => {
    firstAnswer = WORKER_PROTOCOL;
    const outbox = await start();
    // The first message tells the worker the page's protocol (it then answers puts with news).
    expect(received[0][4]).toBe(WORKER_PROTOCOL);
    outbox.push(event('k1', 'a'));
    outbox.push(event('k2', 'b'));
    await settle();
    // One put: head 1 + '},' + head 2 + '},{' + TAIL without its comma and its last brace (the worker adds it).
    expect(puts()).toEqual(['{"type":"track","event":"a","messageId":"k1"},{"type":"track","event":"b","messageId":"k2"},{"anonymousId":"a1","context":{"sessionId":"s1"}']);
    // The worker rebuilds every event whole: each head with the tail object's members.
    const [a, b, shared] = JSON.parse(`[${puts()[0]}}]`);
    expect([{ ...a, ...shared }, { ...b, ...shared }]).toEqual([JSON.parse(text(event('k1', 'a'))), JSON.parse(text(event('k2', 'b')))]);
    expect(outbox.unsent()).toEqual([['k1', text(event('k1', 'a'))], ['k2', text(event('k2', 'b'))]]);
    outbox.remove(['k1']);
    expect(outbox.unsent().map(([key]) => key)).toEqual(['k2']);
  });

  it('puts a tail object after each run of events that share it, when the identity changes within a task', async () => {
    firstAnswer = WORKER_PROTOCOL;
    const outbox = await start();
    const other: EventText = ['k3', '{"type":"identify","messageId":"k3"', ',"anonymousId":"a1","userId":"u1"}'];
    [event('k1', 'a'), other, event('k2', 'b')].forEach(outbox.push);
    await settle();
    // a, TAIL's object, identify, its tail's object, b, TAIL's object (the worker closes the last).
    expect(JSON.parse(`[${puts()[0]}}]`)).toEqual([
      { type: 'track', event: 'a', messageId: 'k1' },
      { anonymousId: 'a1', context: { sessionId: 's1' } },
      { type: 'identify', messageId: 'k3' },
      { anonymousId: 'a1', userId: 'u1' },
      { type: 'track', event: 'b', messageId: 'k2' },
      { anonymousId: 'a1', context: { sessionId: 's1' } },
    ]);
  });

  it('takes one news message for stored and sent: page hide writes only puts not yet told stored', async () => {
    firstAnswer = WORKER_PROTOCOL;
    const outbox = await start();
    outbox.push(event('k1', 'a'));
    await settle();
    outbox.push(event('k2', 'b'));
    await settle();
    // Messages so far: 0 (start), 1 (put k1), 2 (put k2). News: put 1 stored, k1 sent (left the queue).
    expect(received.map((message) => message[0])).toEqual([0, 1, 2]);
    tell(1, 'k1');
    await settle();
    expect(outbox.unsent().map(([key]) => key)).toEqual(['k2']);
    outbox.hide();
    await settle();
    // Only put 2 (k2) is written by the page; k1 was stored by the worker (and sent since).
    expect(await storedKeys()).toEqual(['k2']);
  });
});

describe('message order', () => {
  it('hands the events pushed before a call to the worker before it (a flush sends them, a clear removes them)', async () => {
    firstAnswer = WORKER_PROTOCOL;
    const outbox = await start();
    outbox.push(event('k1', 'a'));
    outbox.call('flush');
    await settle();
    outbox.push(event('k2', 'b'));
    await Promise.resolve();
    outbox.clear();
    await settle();
    expect(received.slice(1).map((message) => message[1])).toEqual(['put', 'flush', 'put', 'clear']);
    expect(outbox.unsent()).toEqual([]);
  });
});

describe('the page and an older worker file', () => {
  it('posts event objects (every version takes them) to a worker of protocol 2, which answers each put', async () => {
    firstAnswer = 2;
    const outbox = await start();
    outbox.push(event('k1', 'a'));
    outbox.push(event('k2', 'b'));
    await settle();
    expect(puts()).toEqual([[JSON.parse(text(event('k1', 'a'))), JSON.parse(text(event('k2', 'b')))]]);
    // Its answer to the put (id 1) says they are stored: page hide writes nothing.
    outbox.hide();
    await settle();
    expect(await storedKeys()).toEqual([]);
  });

  it('posts event objects to a worker that does not answer with a protocol version', async () => {
    firstAnswer = undefined;
    const outbox = await start();
    outbox.push(event('k1', 'a'));
    await settle();
    expect(puts()).toEqual([[{ type: 'track', event: 'a', messageId: 'k1', anonymousId: 'a1', context: { sessionId: 's1' } }]]);
  });
});
