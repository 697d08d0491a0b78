// Builds wire events: a UUIDv7 messageId, client timestamp, the persisted ids and the page context.
import type { EventContext, WireEvent } from './protocol.js';
import type { Identity } from './identity.js';
import { uuidv7 } from './ids.js';
import { touchSession } from './session.js';
import { VERSION } from './version.js';

export type EventFields = Pick<WireEvent, 'type' | 'event' | 'name' | 'properties' | 'traits'>;

/**
 * A complete event for the queue; every event carries the current userId and groupId.
 * @example buildEvent({ type: 'track', event: 'Report Exported', properties: {} }, loadIdentity())
 */
export function buildEvent(fields: EventFields, identity: Identity, now: number = Date.now()): WireEvent & { messageId: string } {
  return {
    ...fields,
    messageId: uuidv7(now),
    timestamp: new Date(now).toISOString(),
    anonymousId: identity.anonymousId,
    userId: identity.userId,
    groupId: identity.groupId,
    context: pageContext(touchSession(now)),
  };
}

/**
 * `context` of an event made on this page now.
 * @example pageContext('0190…').page.path // '/reports'
 */
export function pageContext(sessionId: string): EventContext {
  return {
    page: { url: location.href, path: location.pathname, title: document.title, referrer: document.referrer },
    userAgent: navigator.userAgent,
    locale: navigator.language,
    library: { name: 'uptake-js', version: VERSION },
    sessionId,
  };
}
