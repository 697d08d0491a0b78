// Builds wire events: a UUIDv7 messageId, client timestamp, the persisted ids and the page context.
import type { EventContext, WireEvent } from '@uptake/protocol';
import type { Identity } from './identity.js';
import { uuidv7 } from './ids.js';
import { touchSession } from './session.js';
import { VERSION } from './version.js';

export type EventFields = Pick<WireEvent, 'type' | 'event' | 'name' | 'properties' | 'traits'>;

/**
 * A complete event for the queue; every event carries the current userId and groupId.
 * @example buildEvent({ type: 'track', event: 'Report Exported', properties: {} }, loadIdentity())
 */
export function buildEvent(fields: EventFields, identity: Identity): WireEvent & { messageId: string } {
  const now = Date.now();
  return {
    ...fields,
    messageId: uuidv7(now),
    timestamp: new Date(now).toISOString(),
    // anonymousId, userId, groupId (an Identity holds nothing else): ≈ 15 B gzip less than naming them.
    ...identity,
    context: pageContext(touchSession(now)),
  };
}

// The latest context and what it was made from: events of one page and session share it (one object
// less per event, less for the garbage collector).
let last: EventContext;
let made = '';

/**
 * `context` of an event made on this page now (the previous event's object while the URL, title and
 * session are the same: events are never changed once built).
 * @example pageContext('0190…').page.path // '/reports'
 */
export function pageContext(sessionId: string): EventContext {
  // One Location getter (~3 µs each): the path comes from the URL string.
  const url = location.href;
  const title = document.title;
  // '\n' cannot be in a URL or a session id: the three parts cannot run into each other.
  return made == (made = url + '\n' + title + '\n' + sessionId)
    ? last
    : (last = {
        page: { url, path: url.replace(/^[^/]*\/\/[^/]*|[?#].*$/g, '') || '/', title, referrer: document.referrer },
        // navigator getters cost µs each: read once per context.
        userAgent: navigator.userAgent,
        locale: navigator.language,
        library: { name: 'uptake-js', version: VERSION },
        sessionId,
      });
}
