// Entry of dist/uptake-worker.js: the durable queue and its delivery in a dedicated Worker, so the
// IndexedDB writes, the Web Lock, the sends and their callbacks cost the host page's main thread
// nothing. The page (worker-client.ts) calls the methods of `api` by message: [id, method, args,
// optedOut] → [id, result]. A page of WORKER_PROTOCOL ≥ 3 gets no answer to a put: news
// ([~latest put stored, keys of its events that left the queue]) tells it both, in one message
// per send (or, with no send, flushIntervalMs + 500 ms after the put was stored): every message
// costs the host page a task. Method names are never ones the bundles' property mangling renames
// (rollup.config.mjs: del, online, head… would differ between the two files). Where no worker can
// start, the page loads this same file as a script: then it runs on the page's main thread and takes
// the same messages through `window.__uptakeWorker`.
import { RESERVED, type WireEvent } from '@uptake/protocol';
import { createQueue } from './queue.js';
import { createDelivery } from './delivery.js';
import { uuidv7 } from './ids.js';
import { setDebug } from './log.js';
import { WORKER_PROTOCOL } from './version.js';

/** The first message also carries the page's WORKER_PROTOCOL (older pages: none). */
export type Message = [id: number, method: string, args: unknown[], optedOut: boolean, protocol?: number];
/** An answer ([id, result]), or news ([~stored, left], a negative id: puts up to id `stored` are stored, the events `left` (keys joined by commas) left the queue). */
export type Reply = [id: number, result: unknown];

let api: Record<string, (...args: never[]) => unknown> | undefined;
let optedOut = false;
// The latest event, whose ids and context a `$queue_dropped` report carries (the worker cannot read the page's identity).
let last: WireEvent;
// News for a page of WORKER_PROTOCOL ≥ 3 (else undefined): the latest put stored and the latest told,
// this page's events that left the queue since, and the timer that tells a stored put without a send.
let news: (() => void) | undefined;
let stored = 0;
let told = 0;
let left: string[] = [];
let timer: ReturnType<typeof setTimeout> | 0 = 0;
let wait = 0;

/**
 * Runs one message from the page; the first one ([0, '', [host, writeKey, maxQueue, flushAt, flushIntervalMs, debug]])
 * creates the queue and delivery and is answered with WORKER_PROTOCOL.
 */
const handle = ([id, method, args, opted, protocol]: Message, reply: (reply: Reply) => void) => {
  optedOut = opted;
  if (!api) {
    const [host, writeKey, maxQueue, flushAt, flushIntervalMs, debug] = args as [string, string, number, number, number, unknown];
    setDebug(debug);
    wait = flushIntervalMs + 500;
    if (protocol! > 2)
      news = () => {
        clearTimeout(timer);
        timer = 0;
        if (stored > told || left[0]) reply([~(told = stored), '' + left]);
        left = [];
      };
    const queue = createQueue<WireEvent>(
      maxQueue,
      (count) => ({ ...last, type: 'track', event: RESERVED.queueDropped, name: undefined, traits: undefined, properties: { count }, messageId: uuidv7() }),
      0,
      undefined,
      // This page's events that left the queue: told at once (the news also says what is stored).
      news && ((keys) => (left.push(...keys), news!())),
    );
    const delivery = createDelivery(host, writeKey, queue, flushAt, flushIntervalMs, () => optedOut);
    api = {
      '': () => WORKER_PROTOCOL,
      // The events of one task of the page: acknowledged once stored (the page keeps them until then).
      // One JSON text (parsed here, off the page's thread) of the events' own members, each group
      // followed by an object without a type: the ids and context of the events before it (pages of
      // WORKER_PROTOCOL 3, worker-client.ts compact(): without the last closing brace); whole events
      // from pages of protocol 2; an array of objects from older pages.
      put: (events: string | WireEvent[]) => {
        let group: WireEvent[] = [];
        for (const event of typeof events == 'string' ? (JSON.parse(`[${events}${news ? '}' : ''}]`) as WireEvent[]) : events)
          if (event.type) {
            group.push(event);
            queue.push([event.messageId!, (last = event)]);
            delivery.added();
          } else group = (group.forEach((member) => Object.assign(member, event)), []);
        // The writes start in a microtask: the events are complete by then.
        return queue.persist().then(() => 0);
      },
      // Events confirmed by the page's page-hide send.
      drop: queue.remove,
      clear: queue.clear,
      flush: delivery.flush,
      // The page's `online` event (workers get none): the worker's navigator.onLine may turn true a
      // little later than the page's, so wait for it (up to 2 s) before sending.
      resume: (tries = 40) => (navigator.onLine || !tries ? delivery.online() : setTimeout(() => api!.resume((tries - 1) as never), 50)),
    };
  }
  Promise.resolve()
    .then(() => api![method]?.(...(args as never[])))
    .catch(() => 0)
    .then((result) =>
      // A stored put waits for the news of its send, or for the timer when none comes soon.
      news && method == 'put' ? ((stored = id), (timer ||= setTimeout(news, wait))) : reply([id, result]),
    );
};

if (typeof window == 'object') (window as unknown as { __uptakeWorker: typeof handle }).__uptakeWorker = handle;
else onmessage = ({ data }: MessageEvent<Message>) => handle(data, postMessage as (reply: Reply) => void);
