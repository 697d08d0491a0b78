// `context.sessionId` (SPEC §5): a session ends after 30 minutes without an SDK call in any tab of
// the origin. The id and the last call's time live in localStorage, and every tab follows them.
import { uuidv7 } from './ids.js';
import { readValue, writeValue } from './local-store.js';

export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;
const KEY = 'uptake.session';

let lastWrite = 0;

const start = (now: number) => {
  const id = uuidv7(now);
  writeValue(KEY, `${id}|${now}`);
  lastWrite = now;
  return id;
};

/**
 * The current session id, extended by this call; a new one after 30 idle minutes in every tab.
 * The stored session always wins, so tabs that started sessions at the same moment converge.
 * @example const sessionId = touchSession()
 */
export function touchSession(now: number = Date.now()): string {
  const [id, at] = (readValue(KEY) || '').split('|');
  if (!id || now - Number(at) > SESSION_TIMEOUT_MS) return start(now);
  // One write a second at most keeps track() cheap; the shared time is at most 1 s stale.
  if (now - lastWrite >= 1000) {
    writeValue(KEY, `${id}|${now}`);
    lastWrite = now;
  }
  return id;
}

/**
 * Starts a new session at once (used by `reset()`); other tabs follow it.
 * @example endSession()
 */
export function endSession(now: number = Date.now()): void {
  start(now);
}
