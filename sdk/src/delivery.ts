// Delivery of the queue to the collector (SPEC §5): batching by count and interval (a flush sends
// every waiting event, in requests the collector takes), one sending tab
// at a time, backoff with full jitter and Retry-After, 413 halving (page hide: page-hide.ts).
// An event leaves the queue only when a 2xx answer covers it (or a 4xx says it never will be).
import { more, type Entry, type Queue } from './queue.js';
import { batchBody, postBatch, type Outcome } from './transport.js';
import { backoffDelay } from './backoff.js';
import { withLock } from './tab-lock.js';
import { log } from './log.js';

/**
 * Most events in one request: a flush sends everything waiting, up to the collector's 1000 events
 * (SPEC §3). Each request costs the host page a few tasks even when the worker makes it.
 */
export const MAX_BATCH_EVENTS = 1000;
/** Most characters of event JSON in one request: UTF-8 takes at most 3 bytes a character, and the collector takes up to 1 MiB. */
export const MAX_BATCH_CHARS = 340_000;

export interface Delivery {
  /** Call after each push: flushes at `flushAt` unsent events, else within `flushIntervalMs`. */
  added(): void;
  /** Sends until the queue is empty or a send fails (then a retry is scheduled). */
  flush(): Promise<void>;
  /** Back online: forget the backoff and send now. */
  online(): void;
}

/**
 * Creates the delivery loop of one tab: sends to `host` with `writeKey`, at `flushAt` waiting events or
 * `flushIntervalMs` after the first. Parameters, not an object: their names then shrink to one
 * letter in the bundle (≈ 20 B gzip).
 * @example const delivery = createDelivery(host, writeKey, queue, 20, 2000, () => false)
 */
export function createDelivery(host: string, writeKey: string, queue: Queue, flushAt: number, flushIntervalMs: number, isOptedOut: () => boolean): Delivery {
  let attempt = 0;
  let retryAt = 0;
  let limit = MAX_BATCH_EVENTS;
  let unflushed = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  const later = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  };
  const offline = () => navigator.onLine === false;

  /** Applies a collector answer to the events it covers; returns whether sending may go on. */
  const settle = async (entries: Entry[], outcome: Outcome): Promise<boolean> => {
    const { status } = outcome;
    const keys = entries.map((entry) => entry[0]);
    if (status >= 200 && status < 300) {
      // Every event of a 2xx batch is settled: accepted, duplicate or rejected (listed by index).
      log('sent', keys.length, outcome.rejected);
      attempt = 0;
      limit = Math.min(MAX_BATCH_EVENTS, limit * 2);
      await queue.remove(keys);
      return true;
    }
    if (status === 413 && entries.length > 1) {
      limit = Math.ceil(entries.length / 2);
      return true;
    }
    if (status === 0 || status === 408 || status === 429 || status >= 500) {
      const delay = backoffDelay(attempt++, outcome.retryAfter);
      log('retry', status, delay);
      retryAt = Date.now() + delay;
      later(delay);
      return false;
    }
    // 400, 401, 403, a lone event answered 413…: resending cannot help.
    log('dropped', status, keys.length);
    await queue.remove(keys);
    return true;
  };

  const drain = async () => {
    while (!isOptedOut() && !offline()) {
      const wait = retryAt - Date.now();
      if (wait > 0) return later(wait);
      const asked = limit;
      const waiting = await queue.head(asked);
      if (!waiting.length) return;
      // As many as fit in one body (at least one: a lone event over the limit gets its 413 and is dropped).
      const texts: string[] = [];
      let size = 0;
      for (const entry of waiting) {
        const text = JSON.stringify(entry[1]);
        if ((size += text.length) > MAX_BATCH_CHARS && texts[0]) break;
        texts.push(text);
      }
      const entries = waiting.slice(0, texts.length);
      const left = more || entries.length < waiting.length;
      const body = batchBody(writeKey, texts);
      if (!(await settle(entries, await postBatch(host, body, false)))) return;
      // A batch that left nothing behind was all of it: no need to read again (events pushed since flush anew).
      if (!left && limit >= asked) return;
    }
  };

  const run = () =>
    queue
      .persist()
      .then(() => withLock('uptake-send', drain))
      .catch(log)
      .finally(() => (running = undefined));

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    unflushed = 0;
    if (!running) return (running = run());
    // A loop is already sending: run once more after it, for events it may have missed.
    return (next ??= running.then(() => {
      next = undefined;
      return flush();
    }));
  }

  return {
    added() {
      // In a microtask: the rest of a burst made in this task joins the same write and the same send.
      if (++unflushed === flushAt) queueMicrotask(flush);
      else if (!timer) later(flushIntervalMs);
    },
    flush,
    online() {
      attempt = 0;
      retryAt = 0;
      flush();
    },
  };
}
