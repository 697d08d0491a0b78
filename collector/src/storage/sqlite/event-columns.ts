// How a batch crosses to the bulk writer thread (bulk-writer.ts → bulk-writer-thread.ts): one array per
// field instead of one object per event. A structured clone of 2 000 event objects wrote every
// property name of every object and rebuilt each object property by property on the other side
// (~4 µs per event in the writer, the bottleneck of an import); packed arrays of strings and numbers
// cost about a quarter of that, and the writer rebuilds each event with one object literal.
// The sender also does the writer's pure work: each context is split into its stored parts
// (stored-context.ts), whose texts repeat over a user's events and cross once per batch (`texts`).
// What crosses is what the write path reads (as `slimForWriter`): the objects' JSON text, and the
// objects themselves only where the rollups read them (identify and group traits, survey properties).
import type { EventJson, NormalizedEvent, StoredEventRow, StoredEventType } from '../store.js';
import { jsonOf } from '../serialized-json.js';
import type { PreSplitEvent } from './compact-events.js';
import { ContextSplitter, storedContextOf, type StoredContext } from './stored-context.js';

export interface EventColumns {
  messageId: string[];
  type: StoredEventType[];
  /** Index in `texts` of the event's name, user id, anonymous id, user key, group id and session id (−1: null). */
  event: Int32Array;
  userId: Int32Array;
  anonymousId: Int32Array;
  userKey: Int32Array;
  groupId: Int32Array;
  sessionId: Int32Array;
  timestamp: Float64Array;
  receivedAt: Float64Array;
  /** JSON text (see `NormalizedEvent.json`). */
  properties: (string | null)[];
  traits: (string | null)[];
  /**
   * The batch's distinct ids, names and context parts (env and page texts): each crosses once, and the
   * writer's lookups hash each once per batch instead of once per event.
   */
  texts: string[];
  /** Per event: index in `texts` of the context's env text, −1 without a context. */
  env: Int32Array;
  /** Per event: index in `texts` of the context's page text, −1 without one. */
  page: Int32Array;
  /** Per event: the stored context's flag bits. */
  contextFlags: Uint8Array;
  /** The objects the rollups read, null elsewhere. */
  propertiesObject: (Record<string, unknown> | null)[];
  traitsObject: (Record<string, unknown> | null)[];
}

/**
 * Turns batches into columns for `postMessage` to the bulk writer (one per bulk writer: it keeps a
 * cache of the contexts it split).
 * @example worker.postMessage({ type: 'write', batch: columns.of(events) })
 */
export class ColumnEncoder {
  private readonly splitter = new ContextSplitter();

  of(events: NormalizedEvent[]): EventColumns {
    const n = events.length;
    // Packed arrays (filled by push): `new Array(n)` is holey, and a holey array is cloned as a sparse one, index by index.
    const c: EventColumns = {
      messageId: [], type: [], event: new Int32Array(n), userId: new Int32Array(n), anonymousId: new Int32Array(n), userKey: new Int32Array(n),
      groupId: new Int32Array(n), sessionId: new Int32Array(n), timestamp: new Float64Array(n), receivedAt: new Float64Array(n), properties: [], traits: [],
      texts: [], env: new Int32Array(n), page: new Int32Array(n), contextFlags: new Uint8Array(n),
      propertiesObject: [], traitsObject: [],
    };
    const textIndex = new Map<string, number>();
    const indexOrNone = (text: string | null): number => (text === null ? -1 : indexOf(text));
    const indexOf = (text: string): number => {
      let i = textIndex.get(text);
      if (i === undefined) {
        textIndex.set(text, (i = c.texts.length));
        c.texts.push(text);
      }
      return i;
    };
    for (let i = 0; i < n; i++) {
      const e = events[i];
      c.messageId.push(e.messageId);
      c.type.push(e.type);
      c.event[i] = indexOrNone(e.event);
      c.userId[i] = indexOrNone(e.userId);
      c.anonymousId[i] = indexOrNone(e.anonymousId);
      c.userKey[i] = e.userKey === e.userId ? c.userId[i] : e.userKey === e.anonymousId ? c.anonymousId[i] : indexOf(e.userKey);
      c.groupId[i] = indexOrNone(e.groupId);
      c.sessionId[i] = indexOrNone(e.sessionId);
      c.timestamp[i] = e.timestamp;
      c.receivedAt[i] = e.receivedAt;
      c.properties.push(jsonOf(e, 'properties'));
      c.traits.push(jsonOf(e, 'traits'));
      // From the context object when the event has it (a context's text is rarely seen twice), else from its text.
      const context = e.context ?? jsonOf(e, 'context');
      if (context === null) {
        c.env[i] = -1;
        c.page[i] = -1;
      } else {
        const stored = typeof context === 'string' ? this.splitter.split(context, e.sessionId) : storedContextOf(context, e.sessionId);
        c.env[i] = indexOf(stored.env);
        c.page[i] = stored.page === null ? -1 : indexOf(stored.page);
        c.contextFlags[i] = stored.flags;
      }
      c.propertiesObject.push(e.type === 'track' && e.event !== null && e.event.startsWith('$survey_') ? e.properties : null);
      c.traitsObject.push(e.type === 'identify' || e.type === 'group' ? e.traits : null);
    }
    return c;
  }
}

/**
 * The events of a batch received as columns (what `slimForWriter` would have given, with each
 * context already split: `storedContext`).
 * @example writeBatch(statements, project, fromColumns(msg.batch))
 */
export function fromColumns(c: EventColumns): NormalizedEvent[] {
  const n = c.messageId.length;
  const texts = c.texts;
  const text = (i: number): string | null => (i < 0 ? null : texts[i]);
  const events: NormalizedEvent[] = [];
  for (let i = 0; i < n; i++) {
    const json: EventJson = { properties: c.properties[i], traits: c.traits[i], context: null };
    const storedContext: StoredContext | null = c.env[i] < 0 ? null : { env: texts[c.env[i]], page: text(c.page[i]), flags: c.contextFlags[i] };
    // With its `accountId` already (writeBatch sets it): one object shape for every event.
    const row: StoredEventRow & PreSplitEvent = {
      messageId: c.messageId[i], type: c.type[i], event: text(c.event[i]), userId: text(c.userId[i]), anonymousId: text(c.anonymousId[i]),
      userKey: texts[c.userKey[i]], groupId: text(c.groupId[i]), timestamp: c.timestamp[i], receivedAt: c.receivedAt[i], sessionId: text(c.sessionId[i]),
      properties: c.propertiesObject[i], traits: c.traitsObject[i], context: null, json, accountId: null, storedContext,
    };
    events.push(row);
  }
  return events;
}
