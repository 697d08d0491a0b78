// Main-thread side of the writer thread (writer-thread.ts): hands it each batch and settles the
// batch's promise with what the writer answers, once the commit holding it is on disk.
import type { Worker } from 'node:worker_threads';
import { UptakeError } from '../../errors.js';
import { startStoreThread, stopStoreThread } from './store-thread.js';
import type { IngestResult, NormalizedEvent } from '../store.js';
import { slimForWriter } from './group-commit.js';
import { toStorageError } from './sqlite-errors.js';
import type { WriterFailure, WriterReply, WriterRequest, WriterThreadData } from './writer-thread.js';

interface Waiting {
  resolve(result: IngestResult): void;
  reject(err: unknown): void;
}

/** The collector error for a writer failure: storage failures become storage_unavailable (503). */
export function errorOf(f: WriterFailure): unknown {
  if (f.sync) return new UptakeError('storage_unavailable', `cannot sync the database to disk (${f.code ?? f.message})`, { retryAfter: 5 });
  return toStorageError(Object.assign(new Error(f.message), f.code === null ? {} : { code: f.code }));
}

export class WriterClient {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(
    private readonly path: string,
    private readonly busyTimeoutMs: number,
  ) {}

  /**
   * Stores a batch through the writer thread; resolves once it is committed and synced.
   * @example await writer.ingest('demo', events)
   */
  ingest(project: string, events: NormalizedEvent[]): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      const worker = this.started();
      worker.ref();
      worker.postMessage({ type: 'ingest', id, project, ...slimForWriter(events) } satisfies WriterRequest);
    });
  }

  /** Lets every batch handed over so far be answered, then stops the thread (its connection closed). */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    await stopStoreThread(worker);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const data: Omit<WriterThreadData, 'entry'> = { path: this.path, busyTimeoutMs: this.busyTimeoutMs };
    const worker = startStoreThread(new URL('./writer-thread.ts', import.meta.url), data);
    worker.on('message', (msg: WriterReply) => {
      if (msg.type !== 'done') return;
      for (const { id, outcome } of msg.results) {
        const w = this.waiting.get(id);
        if (!w) continue;
        this.waiting.delete(id);
        if ('failure' in outcome) w.reject(errorOf(outcome.failure));
        else w.resolve(outcome);
      }
      // An idle writer does not keep the process alive.
      if (this.waiting.size === 0) worker.unref();
    });
    const fail = (why: string) => {
      if (this.worker === worker) this.worker = null; // the next batch starts a new writer
      const error = new UptakeError('storage_unavailable', `the storage writer stopped (${why}); retry later`, { retryAfter: 1 });
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    };
    worker.on('error', (err) => fail(err instanceof Error ? err.message : String(err)));
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(`exit ${code}`);
    });
    this.worker = worker;
    return worker;
  }
}
