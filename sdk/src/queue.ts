// The durable event queue: the only module touching IndexedDB (idb-keyval store 'uptake'/'queue'),
// shared by every tab of the origin; falls back to memory when IndexedDB is unavailable.
// Keys are messageIds (UUIDv7), so key order is time order; drop reports get '~' keys (never trimmed).
// In IndexedDB the events of one write are one record (see idbBackend).
import { createStore, promisifyRequest } from 'idb-keyval';
import type { WireEvent } from '@uptake/protocol';
import { withLock } from './tab-lock.js';
import { log } from './log.js';

/** The BroadcastChannel on which queues tell every tab's page which events left the queue. */
export const SENT_CHANNEL = 'uptake-sent';

/** A queued event under its key; the page keeps its events as JSON text (event-builder.ts), the worker and IndexedDB as objects. */
export type Entry<E = WireEvent> = [key: string, event: E];

/** Whether the latest head() left events in the queue (one flag for both stores: the send loop reads it right after). */
export let more = false;

/** What the queue needs from a key-value store; IndexedDB and memory implement it. */
export interface Backend<E = WireEvent> {
  /** Stores entries; resolves with a number at least the count of entries now stored. */
  put(entries: Entry<E>[]): Promise<number>;
  /** Removes entries that head() returned or put() wrote (after that write completed). */
  del(keys: string[]): Promise<unknown>;
  /**
   * The `count` entries with the smallest keys, in key order (IndexedDB:
   * whole records in order of their first key, so records two tabs wrote at once may interleave).
   */
  head(count: number): Promise<Entry<E>[]>;
  clear(): Promise<unknown>;
}

export interface Queue<E = WireEvent> {
  /** Adds an event under its key (its messageId); synchronous and cheap. It is written to the backend in a microtask. */
  push(entry: Entry<E>): void;
  /** Resolves once every event pushed so far is stored (and the queue trimmed to maxQueue). */
  persist(): Promise<void>;
  /** The oldest `count` stored events (after persisting pending ones). */
  head(count: number): Promise<Entry<E>[]>;
  /** Removes events (confirmed or dropped), here and in the other tabs' memory. */
  remove(keys: string[]): Promise<void>;
  /** Events pushed by this tab and not known to be removed, oldest first (what page hide sends). */
  unsent(): Entry<E>[];
  clear(): Promise<void>;
}

/** Most events in one IndexedDB record: a send of MAX_BATCH_EVENTS then removes whole records. */
const RECORD_EVENTS = 100;
type RecordKey = [first: string, count: number];
/** Key order, for entries gathered from several records (one comparator for both stores: ≈ 8 B gzip). */
const byKey = (a: Entry<unknown>, b: Entry<unknown>) => (a[0] < b[0] ? -1 : 1);

/**
 * Writes entries in records of at most RECORD_EVENTS under [first key, count]; `wrote` learns them.
 * (The page's own writes use it too: worker-client.ts.)
 * @example createStore('uptake', 'queue')('readwrite', (s) => putRecords(s, entries))
 */
export function putRecords(s: IDBObjectStore, entries: Entry[], wrote?: Map<string, [IDBValidKey, Entry[]]>): void {
  // Already in key order: one tab's UUIDv7 keys grow monotonically.
  for (let i = 0; i < entries.length; i += RECORD_EVENTS) {
    const part = entries.slice(i, i + RECORD_EVENTS);
    const key = [part[0][0], part.length];
    s.put(part, key);
    wrote?.set(String(key), [key, part]);
  }
}

/**
 * IndexedDB through idb-keyval's `createStore` seam; opens lazily on first use. A burst of events is
 * one record keyed [smallest event key, event count] (one `put`, and one `delete` once sent) instead
 * of one per event: per-request overhead was most of the SDK's main-thread cost. Records of older
 * versions (one event under its string key) read as records of one.
 * Records this tab wrote (once their write completed) or read are kept in memory by key: a send then
 * reads only the keys, to know which records are still there, and a delete needs no values either
 * (each structured clone of a burst cost as much as the rest of its work).
 * @example const backend = idbBackend()
 */
export function idbBackend(): Backend {
  const store = createStore('uptake', 'queue');
  // String(key) → [key, entries]. A key names one content for good: a record only ever shrinks, and
  // its rest is then written under a new key, so a copy can never be stale, only gone.
  const known = new Map<string, [IDBValidKey, Entry[]]>();

  /** Runs `fn` in one transaction; resolves with its result when the transaction completes, then learns the records it wrote. */
  const run = <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore, wrote: typeof known) => T) =>
    store(mode, (s) => {
      const wrote: typeof known = new Map();
      const result = fn(s, wrote);
      return promisifyRequest(s.transaction).then(() => {
        wrote.forEach((record, id) => known.set(id, record));
        return result;
      }) as Promise<Awaited<T>>;
    });
  const put = putRecords;
  return {
    // Resolves with the number of records × their most events: the queue trims only above maxQueue.
    put: (entries) =>
      run('readwrite', (s, wrote) => {
        put(s, entries, wrote);
        const records = promisifyRequest(s.count());
        // Commit now: the browser then finishes a write even if the page unloads before the request
        // callbacks come back (auto-commit waits for them, and a navigation aborts it).
        s.transaction.commit();
        return records.then((records) => records * RECORD_EVENTS);
      }),
    // Every key given was read by head() or written by this tab, so its record is known.
    del: (keys) =>
      run('readwrite', (s, wrote) => {
        const gone = new Set(keys);
        known.forEach(([key, entries], id) => {
          const kept = entries.filter((entry) => !gone.has(entry[0]));
          if (kept.length < entries.length) {
            known.delete(id);
            // The rest is written only if the record is still there (another tab may have sent it).
            if (kept.length) s.getKey(key).onsuccess = (found) => (found.target as IDBRequest).result && put(s, kept, wrote);
            s.delete(key);
          }
        });
      }),
    head: (count) =>
      run('readonly', (s) =>
        promisifyRequest(s.getAllKeys()).then((keys) => {
          // Forget the records gone (sent by another tab, trimmed).
          const ids = new Set(keys.map(String));
          known.forEach((_, id) => ids.has(id) || known.delete(id));
          let n = 0;
          // Whole records in order of their first key until `count` events; values read only for unknown ones.
          // `.map`: a record key is an array, an older version's event key a string (shorter than Array.isArray).
          const records = keys.filter((key) => n < count && (n += (key as RecordKey).map ? (key as RecordKey)[1] : 1));
          // More records than read: the send loop reads again after this batch (else it stops, one transaction less).
          more = keys.length > records.length;
          return Promise.all(
            records.map(
              (key) =>
                known.get(String(key))?.[1] ??
                promisifyRequest(s.get(key)).then((value) => {
                  const entries: Entry[] = (key as RecordKey).map ? value : [[key, value]];
                  known.set(String(key), [key, entries]);
                  return entries;
                }),
            ),
          ).then((records) => (more ||= n > count, records.flat().sort(byKey).slice(0, count)));
        }),
      ),
    clear: () => run('readwrite', (s) => s.clear()),
  };
}

/**
 * Creates the queue. Every event is written before it can be read for sending; a failing IndexedDB
 * switches the queue to memory, carrying over this tab's unsent events.
 * `dropReport(count)` builds the `$queue_dropped` event reporting `count` events dropped from a full
 * queue; `memoryOnly` keeps it in memory; `remote` is the store instead of IndexedDB; `left(keys)`, when
 * given, learns which of this tab's events left the queue (the worker tells its own page: worker.ts),
 * and SENT_CHANNEL then carries only the others. Parameters, not an object: shorter in the bundle.
 * @example const queue = createQueue(10_000, (count) => buildTrack('$queue_dropped', { count }))
 */
export function createQueue<E = WireEvent>(maxQueue: number, dropReport: (count: number) => E, memoryOnly?: unknown, remote?: Backend<E>, left?: (keys: string[]) => void): Queue<E> {
  let pending: Entry<E>[] = [];
  // Writes in order; and the trim after the latest write.
  let stored: Promise<unknown> = Promise.resolve();
  let trimmed: Promise<unknown> = stored;
  // This tab's events not yet known to be confirmed, for page hide (Map keeps insertion order).
  const mine = new Map<string, E>();
  // Every evergreen browser has BroadcastChannel (Safari since 15.4): no feature test (≈ 15 B gzip).
  const channel = new BroadcastChannel('uptake-queue');
  channel.onmessage = (message) => (message.data as string[]).forEach((key) => mine.delete(key));
  // Pages' outboxes (worker-client.ts) hear of removals as one string of keys joined by commas: one
  // string costs a page less to receive than 100 (the array above is for queues of every version).
  const pages = new BroadcastChannel(SENT_CHANNEL);
  // Without IndexedDB (private modes) the store is `mine` itself: push, remove and clear already keep
  // it (this tab's events are all there are), so writes are no-ops (≈ 45 B gzip less than a second Map).
  const memory: Backend<E> = {
    put: async () => mine.size,
    del: async () => 0,
    head: async (count) => ((more = mine.size > count), [...mine].sort(byKey).slice(0, count)),
    clear: async () => 0,
  };
  let backend = remote || (!memoryOnly && typeof indexedDB !== 'undefined' ? (idbBackend() as unknown as Backend<E>) : memory);

  const toMemory = (error: unknown) => {
    log('no IndexedDB', error);
    return (backend = memory).put([]);
  };

  // Any failure (open refused, quota, closed database) moves to memory; `mine` holds the entries.
  const store = (entries: Entry<E>[]) => Promise.resolve().then(() => backend.put(entries)).catch(toMemory);

  // Drops the oldest events beyond maxQueue and folds their number into one '~' report. Under the
  // send lock, so no tab is sending a report while it is replaced (the sum is never counted twice).
  const trim = async (stored: number) => {
    if (stored <= maxQueue) return;
    await withLock('uptake-send', async () => {
      // Everything, read once: events this tab wrote come from memory. '~' sorts after every UUID, so reports come last.
      const all = await backend.head(Infinity);
      const reports = all.filter((entry) => entry[0] > '~');
      const excess = all.length - reports.length - maxQueue;
      if (excess <= 0) return;
      const count = reports.reduce((sum, [, report]) => sum + ((report as WireEvent).properties!.count as number), excess);
      await remove([...all.slice(0, excess), ...reports].map((entry) => entry[0]));
      const report = dropReport(count);
      const entry: Entry<E> = ['~' + (report as WireEvent).messageId, report];
      mine.set(entry[0], report);
      await backend.put([entry]);
    });
  };

  /** Starts writing what is pending; resolves when written (not waiting for the trim). */
  const write = () => {
    if (pending.length) {
      const batch = pending;
      pending = [];
      // Start the write now rather than after the previous one: IndexedDB runs readwrite transactions
      // on one store in the order they were created, and a transaction already started survives a
      // navigation that would cancel one still waiting its turn in a promise chain.
      const written = store(batch);
      stored = Promise.all([stored, written]);
      // The write tells how many events may be stored: most writes need no count and no trim.
      trimmed = stored.then(() => written.then(trim)).catch(log);
    }
    return stored;
  };

  // The send loop reads under the send lock, so it must not wait for a trim (which takes that lock).
  const persist = (): Promise<void> => write().then(() => trimmed as Promise<void>);

  const remove = async (keys: string[]) => {
    // Other tabs' events (and earlier pages'): their pages hear of them on SENT_CHANNEL, a message to
    // every page of the origin; this tab's page hears of its own through `left` when there is one.
    const own: string[] = [];
    const others = keys.filter((key) => !(mine.delete(key) && left && own.push(key)));
    channel.postMessage(keys);
    if (others[0]) pages.postMessage('' + others);
    if (own[0]) left!(own);
    // After the writes (pending ones started now): the backend deletes only records whose write has completed.
    await write().then(() => backend.del(keys)).catch(log);
  };

  return {
    push(entry) {
      mine.set(entry[0], entry[1]);
      if (pending.push(entry) === 1) queueMicrotask(write);
    },
    persist,
    head: (count) =>
      write()
        .then(() => backend.head(count))
        .catch((error) => toMemory(error).then(() => backend.head(count))),
    remove,
    unsent: () => [...mine],
    async clear() {
      pending = [];
      mine.clear();
      await persist();
      await backend.clear().catch(log);
    },
  };
}
