// The SQLite store's reader: a worker thread with its own read-only connection that answers the
// small report reads (small-reads.ts) while the main thread makes the large ones, so one report
// request uses both cores. WAL lets it read beside the writer thread.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection } from './connection.js';
import { prepareSmallReads, type SmallReadName } from './small-reads.js';
import { failureOf, type StoreThreadData, type ThreadFailure } from './store-thread.js';
import { TAKEN_THERE, WAITING } from './reader.js';

/** Main thread → reader. */
/** `slot`: the read's claim slot (reader.ts), or -1 when it has none (the thread's alone). */
export type ReaderRequest = { type: 'read'; id: number; slot: number; name: SmallReadName; params: unknown[] } | { type: 'close' };

/** Reader → main thread. */
export type ReaderReply =
  | { type: 'rows'; id: number; rows: unknown[][] }
  | { type: 'failed'; id: number; failure: ThreadFailure }
  /** The main thread made this read itself: its claim slot may be used again. */
  | { type: 'skipped'; id: number }
  | { type: 'closed' };

function start(data: StoreThreadData): void {
  const port = parentPort!;
  const db = new Database(data.path, { readonly: true, fileMustExist: true });
  configureConnection(db, data.busyTimeoutMs);
  const reads = prepareSmallReads(db);
  const claims = data.claims && new Int32Array(data.claims);
  port.on('message', (msg: ReaderRequest) => {
    if (msg.type === 'close') {
      db.close();
      port.postMessage({ type: 'closed' } satisfies ReaderReply);
      port.close();
      return;
    }
    // The main thread made this read itself while it waited here: only its slot is handed back.
    if (claims && msg.slot >= 0 && Atomics.compareExchange(claims, msg.slot, WAITING, TAKEN_THERE) !== WAITING) {
      port.postMessage({ type: 'skipped', id: msg.id } satisfies ReaderReply);
      return;
    }
    try {
      const rows = reads[msg.name].all(...msg.params) as unknown[][];
      port.postMessage({ type: 'rows', id: msg.id, rows } satisfies ReaderReply);
    } catch (err) {
      port.postMessage({ type: 'failed', id: msg.id, failure: failureOf(err) } satisfies ReaderReply);
    }
  });
}

if (parentPort && (workerData as StoreThreadData | undefined)?.path) start(workerData as StoreThreadData);
