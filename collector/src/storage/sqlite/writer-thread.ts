// The SQLite store's writer: a worker thread with its own connection that stores every ingested
// batch, so SQLite's work runs beside the main thread's HTTP parsing and validation instead of
// between them. Batches that arrive while it commits share the next transaction (group commit);
// each is answered only once an fsync of the WAL begun after its commit has finished, and the
// writer goes on committing while the disk syncs (one fsync covers every commit made before it).
// Retention purges run here too, a chunk at a time between commits, so ingest never waits for them.
// WAL checkpoints run on a third thread (checkpoint-thread.ts), beside the commits.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection } from './connection.js';
import { groupCommitter, type BatchOutcome, type BatchToWrite } from './group-commit.js';
import { failureOf, type StoreThreadData, type ThreadFailure } from './store-thread.js';
import { WalSync } from './wal-sync.js';
import { PURGE_CHUNK_ROWS, purgeChunk } from './purge.js';
import { startCheckpointer } from './checkpoint-thread.js';
import type { IngestResult } from '../store.js';

/** Main thread → writer. */
export type WriterRequest =
  | ({ type: 'ingest'; id: number } & BatchToWrite)
  | { type: 'purge'; id: number; project: string; beforeMs: number }
  /** Copies the whole WAL into the database file and truncates it to 0 bytes (after a GDPR erase). */
  | { type: 'truncate-wal'; id: number }
  | { type: 'close' };

/** A failure of a batch; `sync`: the commit succeeded but the fsync that makes it durable failed. */
export interface WriterFailure extends ThreadFailure {
  sync?: boolean;
}

/** Writer → main thread: per batch of a commit, its result or its failure (a storage failure fails every batch of the commit). */
export type WriterReply =
  | { type: 'done'; results: { id: number; outcome: IngestResult | { failure: WriterFailure } }[] }
  /** A purge, answered once its last chunk is synced. */
  | { type: 'purged'; id: number; outcome: { events: number } | { failure: WriterFailure } }
  | { type: 'wal-truncated'; id: number; outcome: { events: number } | { failure: WriterFailure } }
  | { type: 'closed' };

/** How long a WAL truncation retries while readers or the checkpointer hold old frames. */
const TRUNCATE_RETRY_MS = 10_000;

function start(data: StoreThreadData): void {
  const port = parentPort!;
  const db = new Database(data.path);
  configureConnection(db, data.busyTimeoutMs);
  // The store's erase runs on the main thread's connection: this one may keep dictionary ids between transactions.
  const commit = groupCommitter(db, { keepIds: true });
  // Checkpoints run beside this thread, not inside its commits.
  const checkpointer = startCheckpointer(db, data);
  const deleteChunk = purgeChunk(db);
  // fsync of the -wal file on libuv's thread pool: synchronous=NORMAL does not sync commits.
  const walSync = new WalSync(`${data.path}-wal`);
  let queue: (BatchToWrite & { id: number })[] = [];
  let scheduled = false;
  let syncing = 0;

  /** Runs `then` once what was committed so far is on disk, `failed` if the fsync fails. */
  const synced = (then: () => void, failed: (failure: WriterFailure) => void) => {
    syncing++;
    walSync.sync().then(then, (err: unknown) => failed({ ...failureOf(err), sync: true })).finally(() => syncing--);
  };

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
    checkpointer.committed();
    synced(
      () =>
        reply(batches.map((b, i) => {
          const outcome = outcomes[i];
          return { id: b.id, outcome: 'error' in outcome ? { failure: failureOf(outcome.error) } : outcome };
        })),
      (failure) => reply(batches.map((b) => ({ id: b.id, outcome: { failure } }))),
    );
  };

  /** Deletes one chunk; the next runs after the batches that arrived meanwhile are committed. */
  const purge = (msg: WriterRequest & { type: 'purge' }, deleted: number) => {
    if (!db.open) return; // closed meanwhile: the main thread refuses what is still waiting
    const replyPurge = (outcome: (WriterReply & { type: 'purged' })['outcome']) => port.postMessage({ type: 'purged', id: msg.id, outcome } satisfies WriterReply);
    let n: number;
    try {
      n = deleteChunk(msg.project, msg.beforeMs);
    } catch (err) {
      replyPurge({ failure: failureOf(err) });
      return;
    }
    if (n > 0) checkpointer.committed();
    if (n === PURGE_CHUNK_ROWS) setImmediate(purge, msg, deleted + n);
    else synced(() => replyPurge({ events: deleted + n }), (failure) => replyPurge({ failure }));
  };

  /**
   * Checkpoints every WAL frame into the database file and truncates the WAL, between this thread's
   * commits (so ingest is never refused for it, only delayed); retried while a reader still uses old
   * frames or the checkpointer thread is mid-checkpoint.
   */
  const truncateWal = (id: number, deadline: number) => {
    if (!db.open) return;
    const replyTruncate = (outcome: (WriterReply & { type: 'wal-truncated' })['outcome']) => port.postMessage({ type: 'wal-truncated', id, outcome } satisfies WriterReply);
    let busy: number;
    try {
      busy = (db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0].busy;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) return replyTruncate({ failure: failureOf(err) });
      busy = 1;
    }
    if (busy === 0) return replyTruncate({ events: 0 });
    if (Date.now() > deadline) return replyTruncate({ failure: { message: 'the WAL stayed in use; it could not be truncated', code: 'SQLITE_BUSY' } });
    setTimeout(truncateWal, 20, id, deadline);
  };

  port.on('message', async (msg: WriterRequest) => {
    if (msg.type === 'close') {
      if (scheduled) flush();
      while (syncing > 0) await walSync.sync();
      await walSync.close();
      await checkpointer.close();
      db.close();
      port.postMessage({ type: 'closed' } satisfies WriterReply);
      port.close();
      return;
    }
    if (msg.type === 'purge') {
      purge(msg, 0);
      return;
    }
    if (msg.type === 'truncate-wal') {
      truncateWal(msg.id, Date.now() + TRUNCATE_RETRY_MS);
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
