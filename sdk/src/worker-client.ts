// The page's side of the delivery worker (dist/uptake-worker.js, served beside uptake.js): started
// once the client exists, from the collector's URL when it is the page's origin, else from a blob: of
// its code (a page may not start a worker from another origin). It is a queue Backend for the page:
// the page keeps every event until the worker says it is stored, and on page hide writes the ones
// not yet acknowledged to IndexedDB itself (same record keys: a double write is harmless). If the
// worker cannot start (no Worker, a CSP without `worker-src blob:`, a failed load), every call goes to
// `local`: the same queue and delivery on the page's main thread, as without a worker.
import type { Backend, Entry } from './queue.js';

export type Local = Backend & { flush(): Promise<void>; online(): void };

export interface Remote extends Backend {
  /** true: the worker runs the queue; false: it could not start (`local` does); undefined: starting. */
  on?: boolean;
  /** Calls a method of the worker's api (or of `local`) once the worker's state is known. */
  call(method: keyof Local, ...args: unknown[]): Promise<never>;
  /** Page hide: writes the events the worker has not acknowledged (after the queue's pending write). */
  hide(): void;
}

const PATH = '/sdk/uptake-worker.js';

/**
 * Starts the worker with `config` ([host, writeKey, maxQueue, flushAt, flushIntervalMs]).
 * @example const remote = startWorker(host, config, local, () => false)
 */
export function startWorker(host: string, config: unknown[], local: Local, optedOut: () => boolean): Remote {
  const waiting = new Map<number, (result: unknown) => void>();
  // Event lists handed to the worker and not yet acknowledged as stored.
  const unacked = new Set<Entry[]>();
  let id = 0;
  let worker: Worker;
  const ready = new Promise<unknown>((resolve) => {
    const begin = (url: string) => {
      worker = new Worker(url);
      worker.onerror = () => resolve(0);
      worker.onmessage = ({ data }) => (data[0] ? (waiting.get(data[0])!(data[1]), waiting.delete(data[0])) : resolve(1));
      worker.postMessage([0, '', config]);
    };
    new URL(host).origin == location.origin
      ? begin(host + PATH)
      : fetch(host + PATH)
          .then((response) => (response.ok ? response.blob() : Promise.reject()))
          .then((code) => begin(URL.createObjectURL(code)), () => resolve(0));
  }).catch(() => 0);
  // Opens the page's own IndexedDB connection now, so a write on page hide starts at once.
  const safe = (fn: () => Promise<unknown>) => Promise.resolve().then(fn).catch(() => 0);
  safe(() => local.put([]));

  const remote: Remote = {
    call: (method, ...args) =>
      ready.then((on) =>
        on
          ? new Promise<never>((resolve) => {
              waiting.set(++id, resolve);
              worker.postMessage([id, method, args, optedOut()]);
            })
          : (local[method] as (...a: unknown[]) => Promise<never>)(...args),
      ),
    put(entries) {
      unacked.add(entries);
      return remote.call('put', entries).finally(() => unacked.delete(entries));
    },
    del: (keys) => remote.call('del', keys),
    head: (count) => remote.call('head', count),
    clear: () => remote.call('clear'),
    hide: () => queueMicrotask(() => unacked.forEach((entries) => safe(() => local.put(entries)))),
  };
  ready.then((on) => void ((remote.on = !!on) || local.flush()));
  return remote;
}
