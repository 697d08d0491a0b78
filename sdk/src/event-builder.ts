// Builds wire events as JSON text: a UUIDv7 messageId, client timestamp, the persisted ids and the
// page context. Text, not objects: posting a burst to the worker then clones strings (an object
// graph per event cost more than building it), and the events this tab keeps are a few strings each.
// An event's text is two strings: its own members, and the ids and context it shares with the other
// events of one identity and page (one string for all of them): a burst posts the shared part once.
import type { Identity } from './identity.js';
import { uuidv7 } from './ids.js';
import { touchSession } from './session.js';
import { VERSION } from './version.js';

/**
 * An event as [messageId, head, tail]: its JSON text is head + tail. The head holds its own members
 * (`{"type":…,"messageId":…,"timestamp":…`), the tail the ids and context (`,"anonymousId":…,"context":{…}}`),
 * the same string for every event of one identity, page and session.
 */
export type EventText = [key: string, head: string, tail: string];

// Parts shared by the events of one millisecond, one identity, one page: made once, not per event.
let lastNow = 0;
// `","timestamp":"…"` of the latest millisecond: the end of a head.
let stamp = '';
let lastIdentity: Identity | undefined;

/**
 * A complete event for the queue; every event carries the current userId and groupId. `start` opens
 * its own members up to the properties or traits (the caller keeps one per event name: fewer strings
 * per call mean fewer garbage collections on the page), `json` is them as JSON text.
 * @example buildEvent('{"type":"track","event":"Report Exported","properties":', '{}', loadIdentity())
 */
export function buildEvent(start: string, json: string, identity: Identity): EventText {
  const now = Date.now();
  const messageId = uuidv7(now);
  // toISOString costs about a µs: once per millisecond (a burst of calls shares it).
  if (now != lastNow) stamp = `","timestamp":"${new Date((lastNow = now)).toISOString()}"`;
  const context = pageContext(touchSession(now));
  // anonymousId, userId, groupId (an Identity holds nothing else; absent ones are left out). The
  // client replaces the object when one changes.
  if (identity != lastIdentity || context != tailContext) tail = ',' + JSON.stringify((lastIdentity = identity)).slice(1, -1) + ',"context":' + (tailContext = context) + '}';
  return [messageId, start + json + ',"messageId":"' + messageId + stamp, tail];
}

// The latest tail and what it was made from (with lastIdentity).
let tail = '';
let tailContext = '';

// The latest context as JSON text and what it was made from (events of one page and session share it).
let context = '';
let lastUrl = '';
let lastTitle = '';
let lastSession = '';
// location.href and document.title cost µs per read: read once per task, and again after a
// pushState or replaceState (the client calls forgetPage). A title or hash set in the middle of a
// task that already made an event shows from the next task on.
let page: [url: string, title: string] | undefined;

/** The URL or title may have changed: the next event reads them again. */
export const forgetPage = () => (page = undefined);

/**
 * `context` of an event made on this page now, as JSON text (the previous event's while the URL,
 * title and session are the same).
 * @example JSON.parse(pageContext('0190…')).page.path // '/reports'
 */
export function pageContext(sessionId: string): string {
  // One Location getter: the path comes from the URL string. Indexes, not destructuring: that makes an iterator per call.
  page ??= (queueMicrotask(forgetPage), [location.href, document.title]);
  const url = page[0];
  const title = page[1];
  if (url != lastUrl || title != lastTitle || sessionId != lastSession)
    context = JSON.stringify({
      page: { url: (lastUrl = url), path: url.replace(/^[^/]*\/\/[^/]*|[?#].*$/g, '') || '/', title: (lastTitle = title), referrer: document.referrer },
      // navigator getters cost µs each: read once per context.
      userAgent: navigator.userAgent,
      locale: navigator.language,
      library: { name: 'uptake-js', version: VERSION },
      sessionId: (lastSession = sessionId),
    });
  return context;
}
