import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueue, SENT_CHANNEL } from './queue.js';
import type { WireEvent } from '@uptake/protocol';
import { uuidv7 } from './ids.js';

const make = (name: string): WireEvent & { messageId: string } => ({ type: 'track', messageId: uuidv7(), event: name });
/** An event under its key (its messageId), as the queue takes it. */
const event = (name: string): [string, WireEvent] => {
  const e = make(name);
  return [e.messageId, e];
};
const dropReport = (count: number): WireEvent => ({ ...make('$queue_dropped'), properties: { count } });
const names = (entries: [string, WireEvent][]) => entries.map(([, e]) => e.event);

// A browser without Web Locks: the queue must work unguarded.
beforeEach(() => vi.stubGlobal('navigator', {}));
afterEach(() => vi.unstubAllGlobals());

describe('createQueue (memory)', () => {
  it('stores pushed events before they can be read, oldest first', async () => {
    const queue = createQueue(100, dropReport, true);
    ['a', 'b', 'c'].forEach((n) => queue.push(event(n)));
    expect(names(await queue.head(2))).toEqual(['a', 'b']);
    expect(names(await queue.head(10))).toEqual(['a', 'b', 'c']);
  });

  it('removes only the events it is told to remove', async () => {
    const queue = createQueue(100, dropReport, true);
    ['a', 'b', 'c'].forEach((n) => queue.push(event(n)));
    const [first, , third] = await queue.head(3);
    await queue.remove([first[0], third[0]]);
    expect(names(await queue.head(10))).toEqual(['b']);
    expect(queue.unsent().map(([, e]) => e.event)).toEqual(['b']);
  });

  it('drops the oldest beyond maxQueue and queues one report with the count', async () => {
    const queue = createQueue(10, dropReport, true);
    for (let i = 0; i < 25; i++) queue.push(event(`e${i}`));
    await queue.persist();
    const all = await queue.head(100);
    expect(all).toHaveLength(11);
    expect(names(all.slice(0, 10))).toEqual(Array.from({ length: 10 }, (_, i) => `e${i + 15}`));
    expect(all[10][1]).toMatchObject({ event: '$queue_dropped', properties: { count: 15 } });
  });

  it('keeps maxQueue events beside one report that sums every drop since the last send', async () => {
    const queue = createQueue(3, dropReport, true);
    for (let i = 0; i < 5; i++) queue.push(event(`e${i}`));
    await queue.persist(); // drops e0, e1: e2 e3 e4 + report(2)
    for (let i = 5; i < 8; i++) queue.push(event(`e${i}`));
    await queue.persist(); // drops e2, e3, e4: e5 e6 e7 + report(5)
    const all = await queue.head(100);
    expect(names(all)).toEqual(['e5', 'e6', 'e7', '$queue_dropped']);
    expect(all[3][1].properties).toEqual({ count: 5 });
  });

  it('clear() forgets everything, pending writes included', async () => {
    const queue = createQueue(100, dropReport, true);
    queue.push(event('a'));
    await queue.clear();
    expect(await queue.head(10)).toEqual([]);
    expect(queue.unsent()).toEqual([]);
  });
});

describe('telling pages which events left the queue', () => {
  it('tells this tab’s events to `left` and only the others (other tabs’, earlier pages’) on SENT_CHANNEL', async () => {
    const told: string[][] = [];
    const queue = createQueue(100, dropReport, true, undefined, (keys) => told.push(keys));
    const [a, b] = [event('a'), event('b')];
    queue.push(a);
    queue.push(b);
    const page = new BroadcastChannel(SENT_CHANNEL);
    const broadcast = new Promise((resolve) => (page.onmessage = ({ data }) => resolve(data)));
    // a is this tab's; 'other-tab-key' is not in its queue's memory.
    await queue.remove([a[0], 'other-tab-key']);
    expect(told).toEqual([[a[0]]]);
    expect(await broadcast).toBe('other-tab-key');
    page.close();
    expect(queue.unsent().map(([key]) => key)).toEqual([b[0]]);
  });

  it('without `left` (a page of an older protocol) tells every removed key on SENT_CHANNEL', async () => {
    const queue = createQueue(100, dropReport, true);
    const a = event('a');
    queue.push(a);
    const page = new BroadcastChannel(SENT_CHANNEL);
    const broadcast = new Promise((resolve) => (page.onmessage = ({ data }) => resolve(data)));
    await queue.remove([a[0], 'other-tab-key']);
    // Keys joined by a comma, in the order given.
    expect(await broadcast).toBe(`${a[0]},other-tab-key`);
    page.close();
  });
});

describe('createQueue without a working IndexedDB', () => {
  it('falls back to memory and loses nothing when indexedDB.open throws', async () => {
    vi.stubGlobal('indexedDB', { open: () => { throw new DOMException('blocked', 'SecurityError'); } });
    const queue = createQueue(100, dropReport);
    ['a', 'b'].forEach((n) => queue.push(event(n)));
    expect(names(await queue.head(10))).toEqual(['a', 'b']);
    queue.push(event('c'));
    expect(names(await queue.head(10))).toEqual(['a', 'b', 'c']);
  });
});
