// The page's side of the worker protocol (worker-client.ts) against a stand-in Worker that answers
// like a current or an older uptake-worker.js (a cached file, or a collector older than the page's
// SDK). The real worker in a real Chromium is e2e/sdk-worker.spec.ts.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message, Reply } from './worker.js';
import { WORKER_PROTOCOL } from './version.js';
import type { EventText } from './event-builder.js';

/** What the stand-in worker received, and the answer it gives to the first message. */
let received: Message[];
let firstAnswer: unknown;

class StandInWorker {
  onmessage?: (event: { data: Reply }) => void;
  onerror?: () => void;
  postMessage(message: Message) {
    received.push(structuredClone(message));
    // Answers in a later task, as a worker does; the first message with its protocol (older files: nothing).
    setTimeout(() => this.onmessage?.({ data: [message[0], message[0] ? 0 : firstAnswer] }));
  }
}

const event = (key: string, name: string): EventText => [key, JSON.stringify({ type: 'track', event: name, messageId: key })];
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
  it('posts a task’s events as one string of their JSON texts, and keeps them until confirmed', async () => {
    firstAnswer = WORKER_PROTOCOL;
    const outbox = await start();
    outbox.push(event('k1', 'a'));
    outbox.push(event('k2', 'b'));
    await settle();
    // Two events of one task: one put, their texts joined by a comma.
    expect(puts()).toEqual([`${event('k1', 'a')[1]},${event('k2', 'b')[1]}`]);
    expect(outbox.unsent().map(([key]) => key)).toEqual(['k1', 'k2']);
    outbox.remove(['k1']);
    expect(outbox.unsent().map(([key]) => key)).toEqual(['k2']);
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
  it('posts event objects to a worker that does not answer with a protocol version', async () => {
    firstAnswer = undefined;
    const outbox = await start();
    outbox.push(event('k1', 'a'));
    await settle();
    expect(puts()).toEqual([[{ type: 'track', event: 'a', messageId: 'k1' }]]);
  });
});
