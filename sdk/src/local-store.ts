// Small persisted values (ids, session, opt-out) in localStorage, shared by the tabs of an origin.
// localStorage can throw (disabled storage, sandboxed frames): then values live in memory only.

const memory: Record<string, string> = {};

/**
 * Reads a value; null when absent.
 * @example readValue('uptake.uid')
 */
export function readValue(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return memory[key] ?? null;
  }
}

/**
 * Writes a value, or removes it when `value` is null, undefined or empty (no stored value is empty).
 * @example writeValue('uptake.uid', 'u1')
 */
export function writeValue(key: string, value?: string | null): void {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    if (value) memory[key] = value;
    else delete memory[key];
  }
}
