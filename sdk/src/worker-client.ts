// The page's side of the delivery worker (dist/uptake-worker.js, served beside uptake.js). The queue
// and its delivery (queue.ts, delivery.ts) run in that file; the page keeps its own list of this
// tab's unconfirmed events (createQueue with this as its store) for the page-hide send.
// Started once the client exists, from the collector's URL when it is the page's origin, else (with
// `worker: true`) from a blob: of its code (a page may not start a worker from another origin). If
// no worker can start (no Worker, a CSP without `worker-src blob:`, any error) or none is allowed,
// the same file is loaded as a script and runs on the page's main thread, as the SDK did before.
// The page keeps every event until the worker says it is stored. Until the worker (or the script)
// has answered, and when none can run, the page writes each burst to IndexedDB itself at once; on
// page hide it writes again what is not acknowledged (same record keys as the worker's, so a double
// write replaces a record with the same content). Without any, events also go at page hide.
import { idbBackend, type Backend, type Entry } from './queue.js';
import type { Message, Reply } from './worker.js';
import { WORKER_PROTOCOL } from './version.js';

export interface Remote extends Backend<string> {
  /** Calls a method of the worker's api once it runs: put, drop, clear, flush, resume (worker.ts). */
  call(method: string, ...args: unknown[]): Promise<never>;
  /** Page hide: writes the events the worker has not acknowledged (after the queue's pending write). */
  hide(): void;
}

type Port = { postMessage(message: Message): void };

const PATH = '/sdk/uptake-worker.js';

/**
 * Starts the worker with `config` ([host, writeKey, maxQueue, flushAt, flushIntervalMs, debug]); `blob`:
 * a collector on another origin may be run from a blob: URL.
 * @example const remote = startWorker(host, config, () => false, true)
 */
export function startWorker(host: string, config: unknown[], optedOut: () => boolean, blob: unknown): Remote {
  const waiting = new Map<number, (result: never) => void>();
  // Event lists (JSON text) handed to the worker and not yet acknowledged as stored.
  const unacked = new Set<Entry<string>[]>();
  const local = idbBackend();
  let id = 0;
  let port: Port | undefined;
  let started: ((port?: Port) => void) | undefined;
  // Whether the worker takes events as JSON text (its first answer is WORKER_PROTOCOL ≥ 2); an older file takes objects.
  let texts: unknown;
  // The first answer ([0, protocol]) says the port runs; `started` is then spent (a later worker error loads no script).
  const receive = ([id, result]: Reply) =>
    id ? (waiting.get(id)!(result as never), waiting.delete(id)) : ((texts = (result as number) >= WORKER_PROTOCOL), started!(port), (started = undefined));
  // IndexedDB records hold event objects, as every version's worker reads them.
  const write = (entries: Entry<string>[]) => safe(() => local.put(entries.map(([key, text]) => [key, JSON.parse(text)])));
  // The same file as a page script: it then takes the messages itself.
  const script = () => {
    const element = document.createElement('script');
    element.src = host + PATH;
    // A file that loaded but is not the worker's (an older collector's answer) counts as none.
    element.onload = () => {
      const handle = (window as unknown as { __uptakeWorker?(m: Message, r: (reply: Reply) => void): void }).__uptakeWorker;
      handle ? begin({ postMessage: (message) => handle(message, receive) }) : started?.();
    };
    element.onerror = () => started?.();
    // Not document.head: the bundle's property mangling renames `head` (a queue method).
    document.documentElement.append(element);
  };
  const begin = (to: Port) => (port = to).postMessage([0, '', config, optedOut()]);
  const worker = (url: string) => {
    const worker = new Worker(url);
    worker.onerror = () => started && script();
    worker.onmessage = ({ data }) => receive(data);
    begin(worker);
  };
  const safe = (fn: () => unknown) => Promise.resolve().then(fn).catch(() => 0);
  // Resolves with the port once it answered, or with nothing when no worker or script could start.
  const ready = new Promise<Port | undefined>((resolve) => {
    // Until the first answer: the port given is the one that runs.
    started = resolve;
    // In a task of its own (the client's first task stays short). A blob: worker only when the page
    // asked for it (`worker: true`): under a CSP without `worker-src blob:` the attempt itself logs
    // a violation in the page's console and reports.
    setTimeout(() => {
      safe(() =>
        new URL(host).origin == location.origin
          ? worker(host + PATH)
          : blob
            ? fetch(host + PATH)
                .then((response) => (response.ok ? response.blob() : Promise.reject()))
                .then((code) => worker(URL.createObjectURL(code)))
            : 0,
      ).then((failed) => failed === 0 && script());
    });
  });
  // Opens the page's own IndexedDB connection now (not with the worker: a page closed right after
  // loading must find it open), so a write on page hide starts within the pagehide task.
  safe(() => local.put([]));

  const remote: Remote = {
    call: (method, ...args) =>
      ready.then(
        (port) =>
          new Promise<never>((resolve) => {
            // Without a port a put stays unacknowledged, for page hide to write; other calls resolve.
            waiting.set(++id, resolve);
            if (port) port.postMessage([id, method, args, optedOut()]);
            else if (method != 'put') resolve(0 as never);
          }),
      ),
    put(entries) {
      unacked.add(entries);
      // Until the worker has answered (or when none runs) the page writes the events itself, at once:
      // a write started in pagehide may not outlive a closing tab. The worker writes the same record keys.
      if (started) write(entries);
      // The events alone (their keys are their messageIds), once the worker said which form it takes.
      return ready
        .then(() => remote.call('put', entries.map((entry) => (texts ? entry[1] : JSON.parse(entry[1])))))
        .then(() => (unacked.delete(entries), 0));
    },
    del: (keys) => remote.call('drop', keys),
    // The page never reads the queue (its delivery runs in the worker).
    head: async () => [],
    clear: () => remote.call('clear'),
    hide: () => queueMicrotask(() => unacked.forEach(write)),
  };
  return remote;
}
