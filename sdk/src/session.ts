// `context.sessionId` (SPEC §5): a session ends after 30 minutes without an SDK call in any tab of
// the origin. The last activity time is shared through localStorage.
import { uuidv7 } from './ids.js';
import { readValue, writeValue } from './local-store.js';

export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;
const KEY = 'uptake.session';

let id = '';
let lastCall = 0;
let lastWrite = 0;

/**
 * The current session id, extended by this call; a new one after 30 idle minutes in every tab.
 * @example const sessionId = touchSession()
 */
export function touchSession(now: number = Date.now()): string {
  if (!id || now - lastCall > SESSION_TIMEOUT_MS) {
    // Our own last call is too old: another tab may have kept the session alive.
    const [storedId, storedAt] = (readValue(KEY) || '').split('|');
    id = storedId && now - Number(storedAt) <= SESSION_TIMEOUT_MS ? storedId : uuidv7(now);
    lastWrite = 0;
  }
  lastCall = now;
  // One write a second at most keeps track() cheap; the shared time is at most 1 s stale.
  if (now - lastWrite >= 1000) {
    writeValue(KEY, `${id}|${now}`);
    lastWrite = now;
  }
  return id;
}

/**
 * Ends the current session; the next call starts a new one (used by `reset()`).
 * @example endSession()
 */
export function endSession(): void {
  id = '';
  writeValue(KEY, null);
}
