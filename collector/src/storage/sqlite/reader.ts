// Main-thread side of the reader thread (reader-thread.ts): sends it a small read and settles the
// read's promise with its rows. Started on the first read; an idle reader does not keep the process alive.
import type { Worker } from 'node:worker_threads';
import { UptakeError } from '../../errors.js';
import { startStoreThread, stopStoreThread } from './store-thread.js';
import { toStorageError } from './sqlite-errors.js';
import type { ReaderReply, ReaderRequest, ReaderThreadData } from './reader-thread.js';
import type { SmallReadName } from './small-reads.js';

interface Waiting {
  resolve(rows: unknown[][]): void;
  reject(err: unknown): void;
}

export class ReaderClient {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(
    private readonly path: string,
    private readonly busyTimeoutMs: number,
  ) {}

  /**
   * Runs one of the small reads on the reader thread.
   * @example const rows = await reader.all('sessionTotals', ['demo', fromDay, toDay])
   */
  all(name: SmallReadName, params: unknown[]): Promise<unknown[][]> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      const worker = this.started();
      worker.ref();
      worker.postMessage({ type: 'read', id, name, params } satisfies ReaderRequest);
    });
  }

  /** Stops the thread (its connection closed); reads still waiting are refused. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    await stopStoreThread(worker);
    this.refuseWaiting('the store is closed');
  }

  private refuseWaiting(why: string): void {
    const error = new UptakeError('storage_unavailable', `the storage reader stopped (${why}); retry later`, { retryAfter: 1 });
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const data: Omit<ReaderThreadData, 'entry'> = { path: this.path, busyTimeoutMs: this.busyTimeoutMs };
    const worker = startStoreThread(new URL('./reader-thread.ts', import.meta.url), data);
    worker.on('message', (msg: ReaderReply) => {
      if (msg.type === 'closed') return;
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      if (msg.type === 'rows') w.resolve(msg.rows);
      else w.reject(toStorageError(Object.assign(new Error(msg.message), msg.code === null ? {} : { code: msg.code })));
      if (this.waiting.size === 0) worker.unref();
    });
    const fail = (why: string) => {
      if (this.worker === worker) this.worker = null; // the next read starts a new reader
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
