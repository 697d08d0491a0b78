// The one seam between the SQLite store's two modes, chosen once when the store opens:
// - a database file (`ThreadedEngine`): batches and retention purges go to the writer thread
//   (writer-thread.ts, which starts the checkpoint thread), the small account-level reads to the reader
//   thread, and the admin writes of the main connection are made durable by an fsync of the WAL;
// - an in-memory database (`InProcessEngine`): one connection no other thread can open, so all of it
//   runs in-process on the store's connection, with nothing to sync or checkpoint.
import type { Database as Db } from 'better-sqlite3';
import { UptakeError } from '../../errors.js';
import type { IngestResult, NormalizedEvent } from '../store.js';
import { groupCommitter, type BatchOutcome, type BatchToWrite } from './group-commit.js';
import { PURGE_CHUNK_ROWS, purgeChunk } from './purge.js';
import { ReaderClient } from './reader.js';
import { prepareSmallReads, type SmallReadName, type SmallReads } from './small-reads.js';
import { toStorageError } from './sqlite-errors.js';
import { WalSync } from './wal-sync.js';
import { WriterClient } from './writer.js';

/** What differs between a database file and an in-memory database. */
export interface SqliteEngine {
  /** Stores one non-empty batch; resolves once it is committed (for a file: and on disk). */
  ingest(project: string, events: NormalizedEvent[]): Promise<IngestResult>;
  /** One of the small account-level reads (small-reads.ts), as raw rows. */
  smallRead(name: SmallReadName, params: unknown[]): Promise<unknown[][]>;
  /** Deletes the project's raw events stored before `beforeMs`, a chunk at a time (purge.ts). */
  purge(project: string, beforeMs: number): Promise<{ events: number }>;
  /** Resolves once every commit made so far on the store's connection is on disk. */
  durable(): Promise<void>;
  /** Copies every WAL frame into the database and empties the WAL (a GDPR erase leaves no old page image). */
  checkpoint(): Promise<void>;
  /** Answers the batches already handed over, then stops; the store closes its connection after. */
  close(): Promise<void>;
}

/** A path better-sqlite3 opens as a private database of one connection: ':memory:', or '' (a temporary one). */
export const isInMemory = (path: string): boolean => path === ':memory:' || path === '';

/**
 * The engine for the database at `path`, whose main connection (migrated) is `db`.
 * @example const engine = openEngine(db, './data/uptake.db', 1000); await engine.ingest('demo', events);
 */
export function openEngine(db: Db, path: string, busyTimeoutMs: number): SqliteEngine {
  return isInMemory(path) ? new InProcessEngine(db) : new ThreadedEngine(db, path, busyTimeoutMs);
}

/**
 * A database file: the writer and reader threads, each with its own connection, started on first use:
 * a process that only imports (the bulk writer has a thread of its own) or reads a report from the
 * CLI starts neither; `import` kept ~40 MB of RSS and, from source, ~0.3 s of CPU for them.
 */
class ThreadedEngine implements SqliteEngine {
  private writerThread: WriterClient | null = null;
  private readerThread: ReaderClient | null = null;
  /** Admin writes (GDPR erase, tokens, outbox) are made durable by an fsync of the WAL off the main thread. */
  private readonly walSync: WalSync;

  constructor(
    private readonly db: Db,
    private readonly path: string,
    private readonly busyTimeoutMs: number,
  ) {
    this.walSync = new WalSync(`${path}-wal`);
  }

  private get writer(): WriterClient {
    return (this.writerThread ??= new WriterClient(this.path, this.busyTimeoutMs));
  }

  private get reader(): ReaderClient {
    // The main connection makes a waiting small read itself when it is idle first (reader.ts).
    let here: SmallReads | undefined;
    return (this.readerThread ??= new ReaderClient(this.path, this.busyTimeoutMs, (name, params) => (here ??= prepareSmallReads(this.db))[name].all(...params) as unknown[][]));
  }

  ingest(project: string, events: NormalizedEvent[]): Promise<IngestResult> {
    return this.writer.ingest(project, events);
  }

  /** On the reader thread, so the main thread meanwhile makes the large reads of the same report (and then helps). */
  smallRead(name: SmallReadName, params: unknown[]): Promise<unknown[][]> {
    return this.reader.all(name, params);
  }

  /** Chunks on the writer thread, between its commits. */
  purge(project: string, beforeMs: number): Promise<{ events: number }> {
    return this.writer.purge(project, beforeMs);
  }

  durable(): Promise<void> {
    return this.walSync.sync().catch((err: unknown) => {
      throw new UptakeError('storage_unavailable', `cannot sync the database to disk (${(err as { code?: string }).code ?? err})`, { retryAfter: 5, cause: err });
    });
  }

  checkpoint(): Promise<void> {
    return this.writer.truncateWal();
  }

  async close(): Promise<void> {
    // Batches already handed to the writer are committed and answered before it stops.
    await this.writerThread?.close();
    await this.readerThread?.close();
    await this.walSync.close();
  }
}

/** An in-memory database: everything on the store's one connection, each batch committed at once. */
class InProcessEngine implements SqliteEngine {
  private readonly groupCommit: (batches: BatchToWrite[]) => BatchOutcome[];
  private readonly purgeChunk: (project: string, beforeMs: number) => number;
  private readonly small: SmallReads;

  constructor(db: Db) {
    this.groupCommit = groupCommitter(db);
    this.purgeChunk = purgeChunk(db);
    this.small = prepareSmallReads(db);
  }

  ingest(project: string, events: NormalizedEvent[]): Promise<IngestResult> {
    try {
      const [result] = this.groupCommit([{ project, events }]);
      return 'error' in result ? Promise.reject(result.error) : Promise.resolve(result);
    } catch (err) {
      return Promise.reject(toStorageError(err));
    }
  }

  smallRead(name: SmallReadName, params: unknown[]): Promise<unknown[][]> {
    return Promise.resolve(this.small[name].all(...params) as unknown[][]);
  }

  async purge(project: string, beforeMs: number): Promise<{ events: number }> {
    let events = 0;
    try {
      let n: number;
      do {
        n = this.purgeChunk(project, beforeMs);
        events += n;
      } while (n === PURGE_CHUNK_ROWS);
    } catch (err) {
      throw toStorageError(err);
    }
    return { events };
  }

  /** Nothing outlives the process: nothing to sync. */
  async durable(): Promise<void> {}

  /** No WAL. */
  async checkpoint(): Promise<void> {}

  async close(): Promise<void> {}
}
