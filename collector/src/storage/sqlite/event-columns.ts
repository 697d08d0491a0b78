// How a batch crosses to the bulk writer thread (bulk-writer.ts → bulk-writer-thread.ts): one array per
// field instead of one object per event. A structured clone of 2 000 event objects wrote every
// property name of every object and rebuilt each object property by property on the other side
// (~4 µs per event in the writer, the bottleneck of an import); arrays of strings and numbers cost
// about a quarter of that, and the writer rebuilds each event with one object literal.
// What crosses is what the write path reads (as `slimForWriter`): the objects' JSON text, and the
// objects themselves only where the rollups read them (identify and group traits, survey properties).
import type { EventJson, NormalizedEvent, StoredEventRow, StoredEventType } from '../store.js';
import { jsonOf } from '../serialized-json.js';

export interface EventColumns {
  messageId: string[];
  type: StoredEventType[];
  event: (string | null)[];
  userId: (string | null)[];
  anonymousId: (string | null)[];
  userKey: string[];
  groupId: (string | null)[];
  timestamp: Float64Array;
  receivedAt: Float64Array;
  sessionId: (string | null)[];
  /** JSON text (see `NormalizedEvent.json`). */
  properties: (string | null)[];
  traits: (string | null)[];
  context: (string | null)[];
  /** The objects the rollups read, null elsewhere. */
  propertiesObject: (Record<string, unknown> | null)[];
  traitsObject: (Record<string, unknown> | null)[];
}

/**
 * A batch as columns, for `postMessage` to the bulk writer.
 * @example worker.postMessage({ type: 'write', batch: toColumns(events) })
 */
export function toColumns(events: NormalizedEvent[]): EventColumns {
  const n = events.length;
  // Packed arrays (filled by push): `new Array(n)` is holey, and a holey array is cloned as a sparse one, index by index.
  const c: EventColumns = {
    messageId: [], type: [], event: [], userId: [], anonymousId: [], userKey: [], groupId: [],
    timestamp: new Float64Array(n), receivedAt: new Float64Array(n), sessionId: [], properties: [], traits: [], context: [],
    propertiesObject: [], traitsObject: [],
  };
  for (let i = 0; i < n; i++) {
    const e = events[i];
    c.messageId.push(e.messageId);
    c.type.push(e.type);
    c.event.push(e.event);
    c.userId.push(e.userId);
    c.anonymousId.push(e.anonymousId);
    c.userKey.push(e.userKey);
    c.groupId.push(e.groupId);
    c.timestamp[i] = e.timestamp;
    c.receivedAt[i] = e.receivedAt;
    c.sessionId.push(e.sessionId);
    c.properties.push(jsonOf(e, 'properties'));
    c.traits.push(jsonOf(e, 'traits'));
    c.context.push(jsonOf(e, 'context'));
    c.propertiesObject.push(e.type === 'track' && e.event !== null && e.event.startsWith('$survey_') ? e.properties : null);
    c.traitsObject.push(e.type === 'identify' || e.type === 'group' ? e.traits : null);
  }
  return c;
}

/**
 * The events of a batch received as columns (what `slimForWriter` would have given).
 * @example writeBatch(statements, project, fromColumns(msg.batch))
 */
export function fromColumns(c: EventColumns): NormalizedEvent[] {
  const n = c.messageId.length;
  const events: NormalizedEvent[] = [];
  for (let i = 0; i < n; i++) {
    const json: EventJson = { properties: c.properties[i], traits: c.traits[i], context: c.context[i] };
    // With its `accountId` already (writeBatch sets it): one object shape for every event.
    const row: StoredEventRow = {
      messageId: c.messageId[i], type: c.type[i], event: c.event[i], userId: c.userId[i], anonymousId: c.anonymousId[i],
      userKey: c.userKey[i], groupId: c.groupId[i], timestamp: c.timestamp[i], receivedAt: c.receivedAt[i], sessionId: c.sessionId[i],
      properties: c.propertiesObject[i], traits: c.traitsObject[i], context: null, json, accountId: null,
    };
    events.push(row);
  }
  return events;
}
