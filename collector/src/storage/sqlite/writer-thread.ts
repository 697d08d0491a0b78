// The SQLite store's writer: a worker thread with its own connection that stores every ingested
// batch, so SQLite's work runs beside the main thread's HTTP parsing and validation instead of
// between them. Batches that arrive while it commits share the next transaction (group commit);
// each is answered only once an fsync of the WAL begun after its commit has finished, and the
// writer goes on committing while the disk syncs (one fsync covers every commit made before it).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection } from './connection.js';
import { groupCommitter, type BatchOutcome, type BatchToWrite } from './group-commit.js';
import { failureOf, type StoreThreadData, type ThreadFailure } from './store-thread.js';
import { WalSync } from './wal-sync.js';
import type { IngestResult } from '../store.js';

/** Main thread → writer. */
export type WriterRequest = ({ type: 'ingest'; id: number } & BatchToWrite) | { type: 'close' };

/** A failure of a batch; `sync`: the commit succeeded but the fsync that makes it durable failed. */
export interface WriterFailure extends ThreadFailure {
  sync?: boolean;
}

/** Writer → main thread: per batch of a commit, its result or its failure (a storage failure fails every batch of the commit). */
export type WriterReply = { type: 'done'; results: { id: number; outcome: IngestResult | { failure: WriterFailure } }[] } | { type: 'closed' };

function start(data: StoreThreadData): void {
  const port = parentPort!;
  const db = new Database(data.path);
  configureConnection(db, data.busyTimeoutMs);
  const commit = groupCommitter(db);
  // fsync of the -wal file on libuv's thread pool: synchronous=NORMAL does not sync commits.
  const walSync = new WalSync(`${data.path}-wal`);
  let queue: (BatchToWrite & { id: number })[] = [];
  let scheduled = false;
  let syncing = 0;

  const reply = (results: (WriterReply & { type: 'done' })['results']) => port.postMessage({ type: 'done', results } satisfies WriterReply);

  const flush = () => {
    scheduled = false;
    const batches = queue;
    queue = [];
    let outcomes: BatchOutcome[];
    try {
      outcomes = commit(batches);
    } catch (err) {
      const failure = failureOf(err);
      reply(batches.map((b) => ({ id: b.id, outcome: { failure } })));
      return;
    }
    syncing++;
    walSync.sync().then(
      () =>
        reply(batches.map((b, i) => {
          const outcome = outcomes[i];
          return { id: b.id, outcome: 'error' in outcome ? { failure: failureOf(outcome.error) } : outcome };
        })),
      (err: unknown) => {
        const failure = { ...failureOf(err), sync: true };
        reply(batches.map((b) => ({ id: b.id, outcome: { failure } })));
      },
    ).finally(() => syncing--);
  };

  port.on('message', async (msg: WriterRequest) => {
    if (msg.type === 'close') {
      if (scheduled) flush();
      while (syncing > 0) await walSync.sync();
      await walSync.close();
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

if (parentPort && (workerData as StoreThreadData | undefined)?.path) start(workerData as StoreThreadData);
