// Starts a worker thread on a module given by its `.ts` URL. Compiled (collector/dist), the `.js`
// beside it runs directly. From the TypeScript sources (vitest, tsx) a worker does not inherit the
// parent's loader, so ts-worker.mjs registers tsx first, then imports the module.
import { Worker, type WorkerOptions } from 'node:worker_threads';

const FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * Starts `entry` in a new worker thread; `options.workerData` reaches it unchanged.
 * @example const worker = startWorker(new URL('./writer-thread.ts', import.meta.url), { workerData: { path } });
 */
export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!FROM_SOURCES) return new Worker(new URL(entry.href.replace(/\.ts$/, '.js')), options);
  const workerData = { ...(options.workerData as object | undefined), entry: entry.href };
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), { ...options, workerData });
}
