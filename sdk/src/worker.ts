// Entry of dist/uptake-worker.js: the durable queue and its delivery (the same modules the page runs
// when the worker cannot start) in a dedicated Worker, so the IndexedDB writes, the Web Lock, the
// sends and their callbacks cost the host page's main thread nothing. The page (worker-client.ts)
// calls the methods of `api` by message: [id, method, args, optedOut] → [id, result].
import { RESERVED, type WireEvent } from '@uptake/protocol';
import { createQueue, type Entry } from './queue.js';
import { createDelivery } from './delivery.js';
import { uuidv7 } from './ids.js';

let api: Record<string, (...args: never[]) => unknown> | undefined;
let optedOut = false;
// The latest event, whose ids and context a `$queue_dropped` report carries (the worker cannot read the page's identity).
let last: WireEvent;

onmessage = ({ data: [id, method, args, opted] }: MessageEvent<[number, string, unknown[], boolean]>) => {
  optedOut = opted;
  if (!api) {
    const [host, writeKey, maxQueue, flushAt, flushIntervalMs] = args as [string, string, number, number, number];
    const queue = createQueue(maxQueue, (count) => ({ ...last, type: 'track', event: RESERVED.queueDropped, name: undefined, traits: undefined, properties: { count }, messageId: uuidv7() }));
    const delivery = createDelivery(host, writeKey, queue, flushAt, flushIntervalMs, () => optedOut);
    api = {
      // Events of one burst of the page: stored, then acknowledged (the page keeps them until then).
      put: (entries: Entry[]) => {
        for (const [, event] of entries) {
          queue.push((last = event));
          delivery.added();
        }
        return queue.persist().then(() => 0);
      },
      del: queue.remove,
      // The page never reads the queue while the worker runs it; a retry the page scheduled sends from here.
      head: () => (delivery.flush(), []),
      clear: queue.clear,
      flush: delivery.flush,
      online: delivery.online,
    };
  }
  Promise.resolve()
    .then(() => api![method]?.(...(args as never[])))
    .catch(() => 0)
    .then((result) => postMessage([id, result]));
};
