// The page's side of the delivery worker (dist/uptake-worker.js, served beside uptake.js), and the
// page's outbox: this tab's events (JSON text) until they are confirmed, for the page-hide send. The
// queue and its delivery (queue.ts, delivery.ts) run in the worker; each task's events go to it in
// one message at the end of the task, and the worker acknowledges them once stored: in its news, one
// message per send that also names the events sent (or, without a send, a little after the interval
// flush). Every message costs the host page a task, so the page hears once per burst, not twice.
// Started once the client exists, from the collector's URL when it is the page's origin, else (with
// `worker: true`) from a blob: of its code (a page may not start a worker from another origin). If
// no worker can start (no Worker, a CSP without `worker-src blob:`, any error) or none is allowed,
// the same file is loaded as a script and runs on the page's main thread, as the SDK did before.
// Until the worker (or the script) has answered, and when none can run, the page writes each burst
// to IndexedDB itself at once; on page hide it writes again what is not acknowledged (same record
// keys as the worker's, so a double write replaces a record with the same content). Without any,
// events also go at page hide.
import { createStore } from 'idb-keyval';
import type { WireEvent } from '@uptake/protocol';
import { putRecords, SENT_CHANNEL } from './queue.js';
import type { EventText } from './event-builder.js';
import type { Message, Reply } from './worker.js';
import { WORKER_PROTOCOL } from './version.js';

export interface Outbox {
  /** Keeps an event until it is confirmed; this task's events go to the worker at the task's end. */
  push(entry: EventText): void;
  /** This tab's events not known to be confirmed, oldest first, as [messageId, JSON text] (what page hide sends). */
  unsent(): [key: string, text: string][];
  /** Events page hide got confirmed: forgotten here and in the queue. */
  remove(keys: string[]): void;
  /** Opt-out: forgets every event, here and in the queue. */
  clear(): void;
  /** Page hide: hands this task's events over now and writes those the worker has not acknowledged. */
  hide(): void;
  /** Calls a method of the worker's api once it runs: flush, resume (worker.ts). */
  call(method: string, ...args: unknown[]): Promise<never>;
}

type Port = { postMessage(message: Message): void };

const PATH = '/sdk/uptake-worker.js';

/**
 * Starts the worker with `config` ([host, writeKey, maxQueue, flushAt, flushIntervalMs, debug]); `blob`:
 * a collector on another origin may be run from a blob: URL.
 * @example const outbox = startWorker(host, config, () => false, true)
 */
export function startWorker(host: string, config: unknown[], optedOut: () => boolean, blob: unknown): Outbox {
  const waiting = new Map<number, (result: never) => void>();
  // This tab's unconfirmed events (a Map keeps insertion order); this tab's worker tells which of them
  // left the queue (sent, or dropped) in its news, other tabs' queues (and older workers) on SENT_CHANNEL.
  const mine = new Map<string, string>();
  // Event lists handed to the worker and not yet acknowledged as stored.
  // A put to a worker of WORKER_PROTOCOL ≥ 3 gets no answer: the list carries the put's message id,
  // and the worker's news says up to which id puts are stored (worker.ts).
  const unacked = new Set<EventText[] & { id?: number }>();
  let pending: EventText[] = [];
  const store = createStore('uptake', 'queue');
  let id = 0;
  let port: Port | undefined;
  let started: ((port?: Port) => void) | undefined;
  // The worker's WORKER_PROTOCOL (its first answer; older files answer nothing): 3 takes compact() bursts; older files get objects.
  let protocol = 0;
  /**
   * A burst as the worker (WORKER_PROTOCOL ≥ 3) takes it: the heads of its events, each run of events
   * that share a tail followed by that tail as an object of its own, in one JSON array text without
   * its brackets and without the last closing brace (the worker adds both: a string added here would
   * be copied again to be posted). Posting the shared ids and context once, not with each of 100
   * events, makes the message a quarter of the size, and cloning it costs in proportion.
   * @example compact([['k1', '{"type":"page","messageId":"k1"', ',"anonymousId":"a"}']]) // '{"type":"page","messageId":"k1"},{"anonymousId":"a"'
   */
  const compact = (entries: EventText[]) =>
    entries.map((entry, i) => entry[1] + (entry[2] != entries[i + 1]?.[2] ? '},{' + entry[2].slice(1, -1) : '')).join('},');
  const left = (keys: string) => keys && keys.split(',').forEach((key) => mine.delete(key));
  // The first answer ([0, protocol]) says the port runs; `started` is then spent (a later worker error
  // loads no script). News ([~stored, left]) settles the puts up to id `stored` and forgets the events `left`.
  const receive = ([id, result]: Reply) =>
    id > 0
      ? (waiting.get(id)!(result as never), waiting.delete(id))
      : id
        ? (left(result as string), unacked.forEach((entries) => entries.id! > ~id || unacked.delete(entries)))
        : ((protocol = (result as number) || 0), started!(port), (started = undefined));
  /** An event as an object, as IndexedDB records and older workers hold it. */
  const parse = (entry: EventText): WireEvent => JSON.parse(entry[1] + entry[2]);
  const safe = (fn: () => unknown) => Promise.resolve().then(fn).catch(() => 0);
  // IndexedDB records hold event objects, as every version's worker reads them. Committed at once:
  // the browser then finishes the write even if the page unloads before its callbacks run.
  const write = (entries: EventText[]) =>
    safe(() => store('readwrite', (s) => (putRecords(s, entries.map((entry) => [entry[0], parse(entry)])), s.transaction.commit())));
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
  const begin = (to: Port) => (port = to).postMessage([0, '', config, optedOut(), WORKER_PROTOCOL]);
  const worker = (url: string) => {
    const worker = new Worker(url);
    worker.onerror = () => started && script();
    worker.onmessage = ({ data }) => receive(data);
    begin(worker);
  };
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
  write([]);
  new BroadcastChannel(SENT_CHANNEL).onmessage = ({ data }) => left(data);

  /** Hands the events of this task to the worker (one message), acknowledged once stored. */
  const send = () => {
    const entries = pending;
    pending = [];
    if (entries[0]) {
      unacked.add(entries);
      // Until the worker has answered (or when none runs) the page writes the events itself, at once:
      // a write started in pagehide may not outlive a closing tab. The worker writes the same record keys.
      if (started) write(entries);
      outbox.call('put', entries).then(() => unacked.delete(entries));
    }
  };

  const outbox: Outbox = {
    push(entry) {
      // Its whole text: one string that points at the head and the shared tail (nothing is copied).
      mine.set(entry[0], entry[1] + entry[2]);
      if (pending.push(entry) == 1) queueMicrotask(send);
    },
    unsent: () => [...mine],
    remove(keys) {
      keys.forEach((key) => mine.delete(key));
      outbox.call('drop', keys);
    },
    clear() {
      pending = [];
      mine.clear();
      unacked.clear();
      outbox.call('clear');
    },
    hide() {
      send();
      unacked.forEach(write);
    },
    // Messages go in call order, and the events pushed before a call go before it (a flush sends them).
    call: (method, ...args) => (
      method == 'put' || send(),
      ready.then(
        (port) =>
          new Promise<never>((resolve) => {
            // Without a port a put stays unacknowledged, for page hide to write; other calls resolve.
            method == 'put' && protocol > 2 ? ((args[0] as EventText[] & { id?: number }).id = ++id) : waiting.set(++id, resolve);
            if (port)
              port.postMessage([
                id,
                method,
                // A put's events alone (their keys are their messageIds): one string (cloning one string costs
                // less than 100), or to an older file objects, which every version takes.
                method == 'put' ? [protocol > 2 ? compact(args[0] as EventText[]) : (args[0] as EventText[]).map(parse)] : args,
                optedOut(),
              ]);
            else if (method != 'put') resolve(0 as never);
          }),
      )
    ),
  };
  return outbox;
}
