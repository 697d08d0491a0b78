// What the SQLite store's two threads (writer-thread.ts, reader-thread.ts) share on the main-thread
// side: how one is started and how it is stopped.
import { Worker } from 'node:worker_threads';

/**
 * Starts a thread running `entry` (a TypeScript module of this folder) through the TypeScript worker
 * entry, which hands it `data` as its workerData.
 * @example startStoreThread(new URL('./reader-thread.ts', import.meta.url), { path, busyTimeoutMs })
 */
export function startStoreThread(entry: URL, data: object): Worker {
  return new Worker(new URL('../../ts-worker.mjs', import.meta.url), { workerData: { ...data, entry: entry.href } });
}

/**
 * Asks a store thread to close its connection, waits until it says `closed` (after answering what it
 * was sent before) or exits, then ends it.
 * @example await stopStoreThread(worker)
 */
export async function stopStoreThread(worker: Worker): Promise<void> {
  await new Promise<void>((done) => {
    worker.ref();
    worker.on('message', (msg: { type?: string }) => {
      if (msg.type === 'closed') done();
    });
    worker.once('exit', () => done());
    worker.postMessage({ type: 'close' });
  });
  await worker.terminate();
}
