// What the SQLite store's two threads (writer-thread.ts, reader-thread.ts) share: how a failure
// crosses from the thread to the main thread, and on the main-thread side a client that starts the
// thread on first use, matches each answer to its request and stops the thread.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { UptakeError } from '../../errors.js';
import { toStorageError } from './sqlite-errors.js';
import { startWorker } from '../../start-worker.js';

/** A failure as it crosses threads: Error objects lose their `code` in a structured clone. */
export interface ThreadFailure {
  message: string;
  code: string | null;
}

/** Thread side: the failure to post for an error. */
export const failureOf = (err: unknown): ThreadFailure => ({
  message: err instanceof Error ? err.message : String(err),
  code: typeof (err as { code?: unknown } | null)?.code === 'string' ? (err as { code: string }).code : null,
});

/** Main side: the collector error for a posted failure (SQLite storage codes become storage_unavailable, 503). */
export const errorOfFailure = (f: ThreadFailure): unknown =>
  toStorageError(Object.assign(new Error(f.message), f.code === null ? {} : { code: f.code }));

/** What every store thread is started with (plus `entry`, the module it runs). */
export interface StoreThreadData {
  path: string;
  busyTimeoutMs: number;
  /** The reader thread's claim slots (reader.ts), shared with the main thread. */
  claims?: SharedArrayBuffer;
}

interface Waiting<T> {
  resolve(value: T): void;
  reject(err: unknown): void;
}

/**
 * Main-thread side of a store thread: started on the first request; each request waits for the answer
 * carrying its id; an idle thread does not keep the process alive; if the thread dies, waiting requests
 * are refused with storage_unavailable and the next request starts a new one.
 */
export abstract class StoreThreadClient<T> {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting<T>>();
  private nextId = 1;

  constructor(
    /** The module the thread runs (a TypeScript file of this folder). */
    private readonly entry: URL,
    private readonly data: StoreThreadData,
    /** What the thread is, in error messages ("writer", "reader"). */
    private readonly role: string,
    /** V8 heap limits of the thread (Node's defaults when absent). */
    private readonly resourceLimits?: ResourceLimits,
  ) {}

  /** Handles one message from the thread (calls `settle` for the requests it answers). */
  protected abstract onMessage(msg: unknown): void;

  /** Posts the message built for a new request id and waits for its answer. */
  protected request(message: (id: number) => unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      const worker = this.started();
      worker.ref();
      worker.postMessage(message(id));
    });
  }

  /** Settles a request with the thread's answer. */
  protected settle(id: number, outcome: { value: T } | { error: unknown }): void {
    const w = this.waiting.get(id);
    if (!w) return;
    this.waiting.delete(id);
    if ('error' in outcome) w.reject(outcome.error);
    else w.resolve(outcome.value);
    if (this.waiting.size === 0) this.worker?.unref();
  }

  /**
   * Asks the thread to close its connection, waits until it says `closed` (after answering what it was
   * sent before) or exits, then ends it; anything still waiting is refused.
   */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    await new Promise<void>((done) => {
      worker.ref();
      worker.on('message', (msg: { type?: string }) => {
        if (msg.type === 'closed') done();
      });
      worker.once('exit', () => done());
      worker.postMessage({ type: 'close' });
    });
    await worker.terminate();
    this.refuseWaiting('the store is closed');
  }

  private refuseWaiting(why: string): void {
    const error = new UptakeError('storage_unavailable', `the storage ${this.role} stopped (${why}); retry later`, { retryAfter: 1 });
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.entry, {
      workerData: { ...this.data },
      ...(this.resourceLimits ? { resourceLimits: this.resourceLimits } : {}),
    });
    worker.on('message', (msg: unknown) => this.onMessage(msg));
    const fail = (why: string) => {
      if (this.worker === worker) this.worker = null; // the next request starts a new thread
      this.refuseWaiting(why);
    };
    worker.on('error', (err) => fail(err instanceof Error ? err.message : String(err)));
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(`exit ${code}`);
    });
    this.worker = worker;
    return worker;
  }
}
