// Builds wire events as JSON text: a UUIDv7 messageId, client timestamp, the persisted ids and the
// page context. Text, not objects: posting a burst to the worker then clones strings (an object
// graph per event cost more than building it), and the events this tab keeps are a few strings each.
import type { Identity } from './identity.js';
import { uuidv7 } from './ids.js';
import { touchSession } from './session.js';
import { VERSION } from './version.js';

/** An event as [messageId, its JSON text]. */
export type EventText = [key: string, text: string];

// Parts shared by the events of one millisecond, one identity, one page: made once, not per event.
let lastNow = 0;
let time = '';
let lastIdentity: Identity | undefined;
let ids = '';

/**
 * A complete event for the queue; every event carries the current userId and groupId. `fields` is
 * its own part as JSON object members (type, event or name, properties or traits).
 * @example buildEvent('"type":"track","event":"Report Exported","properties":{}', loadIdentity())
 */
export function buildEvent(fields: string, identity: Identity): EventText {
  const now = Date.now();
  const messageId = uuidv7(now);
  // toISOString costs about a µs: once per millisecond (a burst of calls shares it).
  if (now != lastNow) time = new Date((lastNow = now)).toISOString();
  // anonymousId, userId, groupId (an Identity holds nothing else; absent ones are left out). The
  // client replaces the object when one changes.
  if (identity != lastIdentity) ids = JSON.stringify((lastIdentity = identity)).slice(1, -1);
  return [messageId, `{${fields},"messageId":"${messageId}","timestamp":"${time}",${ids},"context":${pageContext(touchSession(now))}}`];
}

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
  // One Location getter: the path comes from the URL string.
  const [url, title] = (page ??= (queueMicrotask(forgetPage), [location.href, document.title]));
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
