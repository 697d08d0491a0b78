// `context.sessionId` (SPEC §5): a session ends after 30 minutes without an SDK call in any tab of
// the origin. The id and the last call's time live in localStorage, and every tab follows them.
import { uuidv7 } from './ids.js';
import { readValue, writeValue } from './local-store.js';

export const SESSION_TIMEOUT_MS = 30 * 60 * 1000;
const KEY = 'uptake.session';

let id = '';
let lastCall = 0;
let lastWrite = 0;
// The stored value as read by this task (a localStorage read costs µs: once per burst of calls, not
// per call), and its parts as last split.
let stored: string | undefined;
let split = '';
let storedId = '';
let storedAt = '';

const save = () => {
  // The next call reads it again (reset() writes in the middle of a task).
  stored = undefined;
  writeValue(KEY, `${id}|${lastCall}`);
};

/**
 * The current session id, extended by this call; a new one after 30 idle minutes in every tab.
 * The stored session wins over this tab's, so tabs that started sessions at once converge.
 * @example const sessionId = touchSession()
 */
export function touchSession(now: number): string {
  stored ??= (queueMicrotask(() => (stored = undefined)), readValue(KEY) || '');
  if (stored != split) [storedId, storedAt] = (split = stored).split('|');
  if (storedId && now - +storedAt <= SESSION_TIMEOUT_MS) id = storedId;
  else if (!id || now - lastCall > SESSION_TIMEOUT_MS) {
    id = uuidv7(now);
    lastWrite = 0;
  }
  lastCall = now;
  // A localStorage write costs 60–300 µs on a busy machine: at most one every 10 s, after the call
  // returns (other tabs then see this tab's activity up to 10 s late, on a 30-minute timeout).
  if (now - lastWrite >= 10_000) {
    lastWrite = now;
    setTimeout(save);
  }
  return id;
}

/**
 * Starts a new session at once (used by `reset()`); other tabs follow it.
 * @example endSession()
 */
export function endSession(): void {
  const now = Date.now();
  id = uuidv7(now);
  lastCall = lastWrite = now;
  save();
}
