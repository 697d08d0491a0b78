// The SQLite store's writer: a worker thread with its own connection that stores every ingested
// batch, so SQLite's work runs beside the main thread's HTTP parsing and validation instead of
// between them. Batches that arrive while it commits and syncs share the next transaction and the
// next fsync (group commit); each is answered only once its commit is on disk.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection } from './connection.js';
import { groupCommitter, type BatchOutcome, type BatchToWrite } from './group-commit.js';

/** Main thread → writer. */
export type WriterRequest = ({ type: 'ingest'; id: number } & BatchToWrite) | { type: 'close' };

/** A failure as it crosses threads: Error objects lose their `code` in a structured clone. */
export interface WriterFailure {
  message: string;
  code: string | null;
  /** The commit succeeded but the fsync that makes it durable failed. */
  sync?: boolean;
}

/** Writer → main thread: per batch, its result or its failure; `all` = every batch of the commit failed (storage). */
export type WriterReply = { type: 'done'; results: { id: number; outcome: BatchOutcome | { failure: WriterFailure } }[] } | { type: 'closed' };

export interface WriterThreadData {
  entry: string;
  path: string;
  busyTimeoutMs: number;
}

const failureOf = (err: unknown): WriterFailure => ({
  message: err instanceof Error ? err.message : String(err),
  code: typeof (err as { code?: unknown } | null)?.code === 'string' ? (err as { code: string }).code : null,
  sync: (err as { syncFailed?: boolean } | null)?.syncFailed === true,
});

function start(data: WriterThreadData): void {
  const port = parentPort!;
  const db = new Database(data.path);
  configureConnection(db, data.busyTimeoutMs);
  const commit = groupCommitter(db);
  let walFd: number | null = null;
  let queue: (BatchToWrite & { id: number })[] = [];
  let scheduled = false;

  /** fsync of the -wal file: makes every frame committed so far durable (synchronous=NORMAL does not). */
  const syncWal = () => {
    // The -wal file keeps its inode while the connection is open (SQLite rewinds it, never deletes it).
    walFd ??= openSync(`${data.path}-wal`, 'r');
    fsyncSync(walFd);
  };

  const flush = () => {
    scheduled = false;
    const batches = queue;
    queue = [];
    let results: WriterReply & { type: 'done' };
    try {
      const outcomes = commit(batches);
      try {
        syncWal();
      } catch (err) {
        throw Object.assign(err as Error, { syncFailed: true });
      }
      results = {
        type: 'done',
        results: batches.map((b, i) => {
          const outcome = outcomes[i];
          return { id: b.id, outcome: 'error' in outcome ? { failure: failureOf(outcome.error) } : outcome };
        }),
      };
    } catch (err) {
      const failure = failureOf(err);
      results = { type: 'done', results: batches.map((b) => ({ id: b.id, outcome: { failure } })) };
    }
    port.postMessage(results);
  };

  port.on('message', (msg: WriterRequest) => {
    if (msg.type === 'close') {
      if (scheduled) flush();
      if (walFd !== null) closeSync(walFd);
      db.close();
      port.postMessage({ type: 'closed' } satisfies WriterReply);
      port.close();
      return;
    }
    queue.push(msg);
    if (!scheduled) {
      scheduled = true;
      // Every request already waiting in the port joins this commit.
      setImmediate(flush);
    }
  });
}

if (parentPort && (workerData as WriterThreadData | undefined)?.path) start(workerData as WriterThreadData);
