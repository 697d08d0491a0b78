// The SQLite store's checkpointer: a worker thread with its own connection that copies committed WAL
// frames into the database file (PASSIVE checkpoints, which never block the writer) while the writer
// thread goes on committing. Without it the writer would stop every ~1 000 pages to checkpoint, about
// a quarter of its time under load. The writer tells it after each commit; it checkpoints at most
// every CHECKPOINT_EVERY_MS. Should it fail or fall behind, the writer's own automatic checkpoint at
// WRITER_CHECKPOINT_PAGES still bounds the WAL.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection } from './connection.js';
import type { StoreThreadData } from './store-thread.js';
import { startWorker } from '../../start-worker.js';

/** Writer → checkpointer. */
export type CheckpointRequest = { type: 'committed' } | { type: 'close' };
/** Checkpointer → writer. */
export type CheckpointReply = { type: 'closed' };

/** Longest wait between a commit and the checkpoint that copies it (fewer, larger checkpoints copy a hot page once). */
export const CHECKPOINT_EVERY_MS = 250;
/** The writer's own automatic checkpoint (pages of WAL), a backstop only: the checkpointer normally stays far below it. */
export const WRITER_CHECKPOINT_PAGES = 10_000;

/** Lowers this thread's CPU priority (Linux), so checkpoints take spare CPU, not the writer's or the HTTP thread's. */
function yieldCpu(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0) setPriority(tid, 10);
  } catch {
    // Not Linux, or not allowed: the default priority works too.
  }
}

function start(data: StoreThreadData): void {
  yieldCpu();
  const port = parentPort!;
  const db = new Database(data.path, { fileMustExist: true });
  configureConnection(db, data.busyTimeoutMs);
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const checkpoint = () => {
    timer = null;
    if (!dirty || !db.open) return;
    dirty = false;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or failing: the writer's automatic checkpoint is the fallback.
    }
  };
  port.on('message', (msg: CheckpointRequest) => {
    if (msg.type === 'close') {
      if (timer) clearTimeout(timer);
      db.close();
      port.postMessage({ type: 'closed' } satisfies CheckpointReply);
      port.close();
      return;
    }
    dirty = true;
    timer ??= setTimeout(checkpoint, CHECKPOINT_EVERY_MS);
  });
}

/**
 * Writer side: starts the checkpointer and sets the writer connection's automatic checkpoint to the
 * backstop. `committed()` after each commit; `close()` before closing the writer's connection.
 * @example const checkpointer = startCheckpointer(db, data); commit(batches); checkpointer.committed();
 */
export function startCheckpointer(writerDb: Database.Database, data: StoreThreadData): { committed(): void; close(): Promise<void> } {
  writerDb.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
  let worker: Worker | null = startWorker(new URL('./checkpoint-thread.ts', import.meta.url), {
    workerData: { ...data, checkpointer: true },
  });
  const lost = () => {
    // Without it, the writer checkpoints by itself again as SQLite does by default.
    if (worker && writerDb.open) writerDb.pragma('wal_autocheckpoint = 1000');
    worker = null;
  };
  worker.on('error', lost);
  worker.on('exit', lost);
  worker.unref();
  return {
    committed: () => worker?.postMessage({ type: 'committed' } satisfies CheckpointRequest),
    close: async () => {
      const w = worker;
      if (!w) return;
      worker = null;
      await new Promise<void>((done) => {
        w.on('message', (msg: CheckpointReply) => msg.type === 'closed' && done());
        w.once('exit', () => done());
        w.postMessage({ type: 'close' } satisfies CheckpointRequest);
      });
      await w.terminate();
    },
  };
}

if (parentPort && (workerData as (StoreThreadData & { checkpointer?: boolean }) | undefined)?.checkpointer) start(workerData as StoreThreadData);
