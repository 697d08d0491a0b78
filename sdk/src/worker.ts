// Entry of dist/uptake-worker.js: the durable queue and its delivery in a dedicated Worker, so the
// IndexedDB writes, the Web Lock, the sends and their callbacks cost the host page's main thread
// nothing. The page (worker-client.ts) calls the methods of `api` by message: [id, method, args,
// optedOut] → [id, result]. Method names are never ones the bundles' property mangling renames
// (rollup.config.mjs: del, online, head… would differ between the two files). Where no worker can
// start, the page loads this same file as a script: then it runs on the page's main thread and takes
// the same messages through `window.__uptakeWorker`.
import { RESERVED, type WireEvent } from '@uptake/protocol';
import { createQueue } from './queue.js';
import { createDelivery } from './delivery.js';
import { uuidv7 } from './ids.js';
import { setDebug } from './log.js';
import { WORKER_PROTOCOL } from './version.js';

export type Message = [id: number, method: string, args: unknown[], optedOut: boolean];
export type Reply = [id: number, result: unknown];

let api: Record<string, (...args: never[]) => unknown> | undefined;
let optedOut = false;
// The latest event, whose ids and context a `$queue_dropped` report carries (the worker cannot read the page's identity).
let last: WireEvent;

/**
 * Runs one message from the page; the first one ([0, '', [host, writeKey, maxQueue, flushAt, flushIntervalMs, debug]])
 * creates the queue and delivery and is answered with WORKER_PROTOCOL.
 */
const handle = ([id, method, args, opted]: Message, reply: (reply: Reply) => void) => {
  optedOut = opted;
  if (!api) {
    const [host, writeKey, maxQueue, flushAt, flushIntervalMs, debug] = args as [string, string, number, number, number, unknown];
    setDebug(debug);
    const queue = createQueue<WireEvent>(maxQueue, (count) => ({ ...last, type: 'track', event: RESERVED.queueDropped, name: undefined, traits: undefined, properties: { count }, messageId: uuidv7() }));
    const delivery = createDelivery(host, writeKey, queue, flushAt, flushIntervalMs, () => optedOut);
    api = {
      '': () => WORKER_PROTOCOL,
      // The events of one task of the page: acknowledged once stored (the page keeps them until then).
      // The events' JSON texts joined by commas (parsed here, off the page's thread); an array of
      // objects from pages before WORKER_PROTOCOL 2.
      put: (events: string | WireEvent[]) => {
        for (const event of typeof events == 'string' ? (JSON.parse(`[${events}]`) as WireEvent[]) : events) {
          queue.push([event.messageId!, (last = event)]);
          delivery.added();
        }
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
    .then((result) => reply([id, result]));
};

if (typeof window == 'object') (window as unknown as { __uptakeWorker: typeof handle }).__uptakeWorker = handle;
else onmessage = ({ data }: MessageEvent<Message>) => handle(data, postMessage as (reply: Reply) => void);
