// Page hide (SPEC §5): the tab's unconfirmed events go out with fetch keepalive as text/plain, as far
// as browsers allow keepalive bodies, on the page's main thread (a worker may not outlive the page).
// What is not sent, or not confirmed, stays queued for the worker, another tab or the next page load.
import { LIMITS } from '@uptake/protocol';
import type { Outbox } from './worker-client.js';
import { batchBody, postBatch, splitBodies } from './transport.js';

/** Page hide sends at most two bodies of this size: browsers allow 64 KiB of keepalive bodies in flight. */
export const KEEPALIVE_PART_BYTES = LIMITS.keepaliveBytes / 2 - 512;

/**
 * The page-hide send of one tab: call it on pagehide and when the page becomes hidden. A 2xx answer
 * (the page lived on) removes the events it covers; any other leaves them queued.
 * @example const hide = createHide(host, writeKey, queue, () => false); addEventListener('pagehide', hide)
 */
export function createHide(host: string, writeKey: string, queue: Pick<Outbox, 'unsent' | 'remove'>, isOptedOut: () => boolean): () => void {
  // Keys sent by page hide and not answered yet: a second hide event must not send them again.
  const hideSent = new Set<string>();
  // Keepalive bodies in flight: browsers refuse more than 64 KiB of them (two parts).
  let hideParts = 0;
  return () => {
    if (isOptedOut() || navigator.onLine === false) return;
    // Newest first: older events are more likely already stored in IndexedDB for a later resend.
    const entries = queue.unsent().filter((entry) => !hideSent.has(entry[0])).reverse();
    for (const part of splitBodies(writeKey, entries, KEEPALIVE_PART_BYTES).slice(0, 2 - hideParts)) {
      hideParts++;
      part.forEach((entry) => hideSent.add(entry[0]));
      // Chosen newest first, sent in time order.
      const body = batchBody(writeKey, part.map((entry) => entry[1]).reverse());
      postBatch(host, body, true).then((outcome) => {
        hideParts--;
        part.forEach((entry) => hideSent.delete(entry[0]));
        // Every event of a 2xx batch is settled (accepted, duplicate or rejected by index).
        if (outcome.status >= 200 && outcome.status < 300) queue.remove(part.map((entry) => entry[0]));
      });
    }
  };
}
