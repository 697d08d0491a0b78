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

// Constant for the page's life; read once (each navigator getter costs µs).
let agent: string | undefined;
let language: string | undefined;

/**
 * `context` of an event made on this page now.
 * @example pageContext('0190…').page.path // '/reports'
 */
export function pageContext(sessionId: string): EventContext {
  const url = location.href;
  return {
    // The path from the URL string: each Location getter costs ~3 µs.
    page: { url, path: url.replace(/^[^/]*\/\/[^/]*|[?#].*$/g, '') || '/', title: document.title, referrer: document.referrer },
    userAgent: (agent ??= navigator.userAgent),
    locale: (language ??= navigator.language),
    library: { name: 'uptake-js', version: VERSION },
    sessionId,
  };
}
