// The IndexedDB backend's record layout (fake-indexeddb in Node; the real browser runs the e2e specs):
// a burst is stored as records of up to 100 events, removed whole or rewritten when partly sent.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createStore, promisifyRequest, set } from 'idb-keyval';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueue, idbBackend, type Entry } from './queue.js';
import type { WireEvent } from '@uptake/protocol';
import { uuidv7 } from './ids.js';

const entries = (count: number, prefix = 'e'): Entry[] =>
  Array.from({ length: count }, (_, i): Entry => {
    const messageId = uuidv7();
    return [messageId, { type: 'track', messageId, event: `${prefix}${i}` } as WireEvent];
  });
/** The raw record keys in the store, to see the layout. */
const recordKeys = () => createStore('uptake', 'queue')('readonly', (s) => promisifyRequest(s.getAllKeys()));

// A fresh, empty IndexedDB for every test.
beforeEach(() => vi.stubGlobal('indexedDB', new IDBFactory()));

describe('idbBackend', () => {
  it('writes a burst of 250 as records of 100, 100 and 50, keyed [first key, count]', async () => {
    const backend = idbBackend();
    const burst = entries(250);
    await backend.put(burst);
    expect(await recordKeys()).toEqual([[burst[0][0], 100], [burst[100][0], 100], [burst[200][0], 50]]);
    const head = await backend.head(120);
    expect(head.map(([key]) => key)).toEqual(burst.slice(0, 120).map(([key]) => key));
  });

  it('resolves a write with records × 100, a bound the queue compares with maxQueue', async () => {
    const backend = idbBackend();
    expect(await backend.put(entries(150))).toBe(200); // 2 records
    expect(await backend.put(entries(1))).toBe(300); // 3 records, 151 events
  });

  it('deletes whole records, and rewrites a record that is sent in part', async () => {
    const backend = idbBackend();
    const burst = entries(150);
    await backend.put(burst);
    await backend.del(burst.slice(0, 100).map(([key]) => key)); // the first record, whole
    expect(await recordKeys()).toEqual([[burst[100][0], 50]]);
    await backend.del(burst.slice(100, 110).map(([key]) => key)); // 10 of the 50 left
    expect(await recordKeys()).toEqual([[burst[110][0], 40]]);
    expect((await backend.head(100)).map(([, e]) => e.event)).toEqual(burst.slice(110).map(([, e]) => e.event));
  });

  it('reads and removes records of the one-event-per-key layout of earlier versions', async () => {
    const [old] = entries(1, 'old');
    await set(old[0], old[1], createStore('uptake', 'queue'));
    const backend = idbBackend();
    const fresh = entries(2, 'new');
    await backend.put(fresh);
    expect((await backend.head(10)).length).toBe(3);
    expect((await backend.head(10)).map(([, e]) => e.event)).toEqual(['old0', 'new0', 'new1']);
    await backend.del([old[0], fresh[0][0]]);
    expect((await backend.head(10)).map(([, e]) => e.event)).toEqual(['new1']);
  });

  it('reads back only the records another tab wrote, and deletes by key without reading values', async () => {
    const get = vi.spyOn(IDBObjectStore.prototype, 'get');
    const cursor = vi.spyOn(IDBObjectStore.prototype, 'openCursor');
    const mine = idbBackend();
    const other = idbBackend(); // a second tab (or a later page load) on the same store
    const burst = entries(150);
    await mine.put(burst);
    // This tab's own records come from memory once written: no value read.
    expect((await mine.head(200)).map(([key]) => key)).toEqual(burst.map(([key]) => key));
    expect(get).toHaveBeenCalledTimes(0);
    // The other tab reads them: one get per record (100 + 50 events = 2 records).
    expect((await other.head(200)).map(([, e]) => e.event)).toEqual(burst.map(([, e]) => e.event));
    expect(get).toHaveBeenCalledTimes(2);
    // It sends and deletes them all without reading a value again.
    await other.del(burst.map(([key]) => key));
    expect(get).toHaveBeenCalledTimes(2);
    expect(cursor).toHaveBeenCalledTimes(0);
    expect(await recordKeys()).toEqual([]);
    // A late delete of part of a record already gone must not write its rest back (it was sent).
    await mine.del(burst.slice(0, 10).map(([key]) => key));
    expect(await recordKeys()).toEqual([]);
    expect(await mine.head(200)).toEqual([]);
  });

  it('reads drop reports ("~" keys) after every event, whenever written', async () => {
    const backend = idbBackend();
    const report: Entry = ['~' + uuidv7(), { type: 'track', event: '$queue_dropped', properties: { count: 4 } }];
    await backend.put([report]);
    const later = entries(3);
    await backend.put(later);
    expect(await backend.head(10)).toEqual([...later, report]);
  });
});

describe('createQueue on IndexedDB', () => {
  it('removes events whose write had not completed yet (a page-hide send answered early): nothing is left to resend', async () => {
    const queue = createQueue(1000, () => ({ type: 'track' }) as WireEvent);
    const burst = entries(3);
    burst.forEach((entry) => queue.push(entry));
    // Removed in the same task as the pushes: the write (started in a microtask) is still running.
    const removed = queue.remove(burst.map(([key]) => key));
    await removed;
    expect(await recordKeys()).toEqual([]);
    expect(await queue.head(10)).toEqual([]);
  });

  it('drops the oldest beyond maxQueue and reports their number, records rewritten', async () => {
    vi.stubGlobal('navigator', {}); // no Web Locks: the trim runs unguarded
    const dropReport = (count: number): WireEvent => ({ type: 'track', messageId: uuidv7(), event: '$queue_dropped', properties: { count } });
    const queue = createQueue(10, dropReport);
    const burst = entries(25);
    burst.forEach((entry) => queue.push(entry));
    await queue.persist();
    const all = await queue.head(100);
    // 25 − 10 = 15 dropped: e15…e24 kept, then the report (its '~' key sorts last).
    expect(all.map(([, e]) => e.event)).toEqual([...burst.slice(15).map(([, e]) => e.event), '$queue_dropped']);
    expect(all[10][1].properties).toEqual({ count: 15 });
    vi.unstubAllGlobals();
  });
});
