// The SQLite store's bulk writer (used by `import`, `seed` and the benchmark dataset only): a worker
// thread with its own connection that stores many batches in one transaction. Each batch's raw events
// are inserted as they arrive (the same statement and attribution as the live writer, write-batch.ts),
// and their rollup deltas are merged in memory (merge-deltas.ts) with those of the transaction's earlier
// batches; the profile and rollup rows are written once per transaction (`writeDeltas`, the live
// writer's own), so a rollup row that many batches touch is written once instead of once per batch.
// The transaction commits every `commitEvents` events or `commitMs` (or at a flush), so another
// writer of the same database (a running collector) waits about that long at most: 1 s by default,
// 10 s when the caller says nothing else writes the database (`BulkOptions.exclusive`).
// Commits are not synced one by one: a `flush` commits and fsyncs the WAL, and only what a flush has
// made durable may be claimed (import saves its resume point after a flush). The WAL is copied into
// the database by a checkpointer thread after each commit (checkpoint-thread.ts), beside the writer;
// automatic checkpoints are off, and the writer checkpoints by itself only when the WAL still passes
// `CHECKPOINT_WAL_BYTES` (the checkpointer fell behind) and at close.
import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { startCheckpointer } from './checkpoint-thread.js';
import { configureConnection } from './connection.js';
import { failureOf, type StoreThreadData, type ThreadFailure } from './store-thread.js';
import { WalSync } from './wal-sync.js';
import { prepareWriteStatements, writeBatch } from './write-batch.js';
import { ProjectRollups, writeRollups } from './deferred-rollups.js';
import type { IngestResult } from '../store.js';
import { fromColumns, type EventColumns } from './event-columns.js';
import { MAX_HELD_IDS } from './compact-events.js';

/** Main thread → bulk writer. */
export type BulkRequest =
  | { type: 'write'; id: number; project: string; batch: EventColumns }
  /** Commits what is pending and fsyncs the WAL; answered once durable. */
  | { type: 'flush'; id: number }
  | { type: 'close' };

/** Bulk writer → main thread. */
export type BulkReply =
  | { type: 'written'; id: number; outcome: IngestResult | { failure: ThreadFailure } }
  | { type: 'flushed'; id: number; outcome: { events: number } | { failure: ThreadFailure } }
  | { type: 'closed' };

/** When the open transaction's rollups are written and it commits: after `commitEvents` stored events or `commitMs`. */
export interface CommitLimits {
  commitEvents: number;
  /** Longest a transaction stays open (ms): another writer of the database waits at most about this. */
  commitMs: number;
  /**
   * Nobody else writes the database: the dictionary ids looked up stay valid from one transaction to
   * the next (up to `MAX_HELD_IDS`), instead of being looked up again in each.
   */
  exclusive: boolean;
}
/** A database others may write meanwhile (a collector serving it). */
export const SHARED_LIMITS: CommitLimits = { commitEvents: 100_000, commitMs: 1_000, exclusive: false };
/**
 * A database nobody else writes: the rows each active user, account and feature touch (profiles,
 * day bitmaps, first uses) are rewritten once per transaction; 1 s transactions (~20 000 events here)
 * spent half the writer's rollup time on that at 2.2 M events (writer CPU 26–29 → 19.5–21 µs per
 * event with these). More events per transaction gained nothing more and took `import` past 300 MB RSS.
 */
export const EXCLUSIVE_LIMITS: CommitLimits = { commitEvents: 100_000, commitMs: 10_000, exclusive: true };

export type BulkThreadData = StoreThreadData & CommitLimits;
/** Page cache of the bulk connection (KiB): smaller than the live writer's, so an import stays within SPEC's 300 MB RSS. */
const CACHE_KIB = 32 * 1024;
/** WAL size past which a commit is followed by a checkpoint that truncates it. */
export const CHECKPOINT_WAL_BYTES = 512 * 1024 * 1024;

function start(data: BulkThreadData): void {
  const port = parentPort!;
  const db = new Database(data.path);
  configureConnection(db, data.busyTimeoutMs);
  db.pragma(`cache_size = -${CACHE_KIB}`);
  const checkpointer = startCheckpointer(db, data);
  db.pragma('wal_autocheckpoint = 0');
  const statements = prepareWriteStatements(db, { bulk: true });
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commitStatement = db.prepare('COMMIT');
  const walPath = `${data.path}-wal`;
  const walSync = new WalSync(walPath);

  let projects = new Map<string, ProjectRollups>();
  let pendingEvents = 0;
  let openedAt = 0;
  /** Set once a write failed: the transaction was rolled back, and every later request is refused (the caller reruns). */
  let broken: ThreadFailure | null = null;

  const rollupsOf = (project: string): ProjectRollups => {
    let r = projects.get(project);
    if (!r) projects.set(project, (r = new ProjectRollups()));
    return r;
  };

  /** Writes the deferred rollups and commits the open transaction, if any. */
  const commit = () => {
    if (!db.inTransaction) return;
    writeRollups(statements, projects, true);
    commitStatement.run();
    checkpointer.committed();
    // Dictionary ids are looked up once per transaction: between two, another writer may erase a user's entries.
    if (!data.exclusive || statements.insertEvent.heldIds() > MAX_HELD_IDS) statements.insertEvent.reset();
    projects = new Map();
    pendingEvents = 0;
    if (walBytes() > CHECKPOINT_WAL_BYTES) db.pragma('wal_checkpoint(TRUNCATE)');
  };

  const walBytes = (): number => {
    try {
      return statSync(walPath).size;
    } catch {
      return 0;
    }
  };

  const fail = (err: unknown): ThreadFailure => {
    broken = failureOf(err);
    if (db.inTransaction) db.exec('ROLLBACK');
    statements.insertEvent.reset();
    projects = new Map();
    pendingEvents = 0;
    return broken;
  };

  const write = (msg: BulkRequest & { type: 'write' }): BulkReply & { type: 'written' } => {
    if (broken) return { type: 'written', id: msg.id, outcome: { failure: broken } };
    try {
      if (!db.inTransaction) {
        begin.run();
        openedAt = performance.now();
      }
      const result = writeBatch(statements, msg.project, fromColumns(msg.batch), rollupsOf(msg.project));
      pendingEvents += result.accepted;
      if (pendingEvents >= data.commitEvents || performance.now() - openedAt >= data.commitMs) commit();
      return { type: 'written', id: msg.id, outcome: result };
    } catch (err) {
      return { type: 'written', id: msg.id, outcome: { failure: fail(err) } };
    }
  };

  /** Commits, then answers once the WAL is on disk; the next batches are written meanwhile. */
  const flush = (id: number): void => {
    const reply = (outcome: (BulkReply & { type: 'flushed' })['outcome']) => port.postMessage({ type: 'flushed', id, outcome } satisfies BulkReply);
    if (broken) return reply({ failure: broken });
    try {
      commit();
    } catch (err) {
      return reply({ failure: fail(err) });
    }
    walSync.sync().then(
      () => reply({ events: 0 }),
      (err: unknown) => {
        broken ??= failureOf(err);
        reply({ failure: broken });
      },
    );
  };

  // Requests are handled one at a time, in order.
  let chain = Promise.resolve();
  port.on('message', (msg: BulkRequest) => {
    chain = chain.then(async () => {
      if (msg.type === 'write') port.postMessage(write(msg) satisfies BulkReply);
      else if (msg.type === 'flush') flush(msg.id);
      else {
        if (!broken) {
          try {
            commit();
            await walSync.sync();
            await checkpointer.close();
            // Everything into the database file, the WAL back to empty (busy readers: left to the next checkpoint).
            db.pragma('wal_checkpoint(TRUNCATE)');
          } catch {
            // A failure here loses nothing a flush has confirmed; the store's next writer checkpoints.
          }
        }
        await walSync.close();
        await checkpointer.close(); // a second close does nothing
        db.close();
        port.postMessage({ type: 'closed' } satisfies BulkReply);
        port.close();
      }
    });
  });
}

if (parentPort && (workerData as BulkThreadData | undefined)?.path) start(workerData as BulkThreadData);
