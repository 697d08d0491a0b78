// The SQLite store's reader: a worker thread with its own read-only connection that answers the
// small report reads (small-reads.ts) while the main thread makes the large ones, so one report
// request uses both cores. WAL lets it read beside the writer thread.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection } from './connection.js';
import { prepareSmallReads, type SmallReadName } from './small-reads.js';

/** Main thread → reader. */
export type ReaderRequest = { type: 'read'; id: number; name: SmallReadName; params: unknown[] } | { type: 'close' };

/** Reader → main thread. */
export type ReaderReply =
  | { type: 'rows'; id: number; rows: unknown[][] }
  | { type: 'failed'; id: number; message: string; code: string | null }
  | { type: 'closed' };

export interface ReaderThreadData {
  entry: string;
  path: string;
  busyTimeoutMs: number;
}

function start(data: ReaderThreadData): void {
  const port = parentPort!;
  const db = new Database(data.path, { readonly: true, fileMustExist: true });
  configureConnection(db, data.busyTimeoutMs);
  const reads = prepareSmallReads(db);
  port.on('message', (msg: ReaderRequest) => {
    if (msg.type === 'close') {
      db.close();
      port.postMessage({ type: 'closed' } satisfies ReaderReply);
      port.close();
      return;
    }
    try {
      const rows = reads[msg.name].all(...msg.params) as unknown[][];
      port.postMessage({ type: 'rows', id: msg.id, rows } satisfies ReaderReply);
    } catch (err) {
      const code = typeof (err as { code?: unknown } | null)?.code === 'string' ? (err as { code: string }).code : null;
      port.postMessage({ type: 'failed', id: msg.id, message: err instanceof Error ? err.message : String(err), code } satisfies ReaderReply);
    }
  });
}

if (parentPort && (workerData as ReaderThreadData | undefined)?.path) start(workerData as ReaderThreadData);
