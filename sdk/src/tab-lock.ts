// Cross-tab mutual exclusion with Web Locks, so only one tab of the origin sends at a time.
// Without Web Locks (insecure http pages, old browsers) the function runs unguarded: the collector
// still stores each event once, because it deduplicates by messageId.

/**
 * Runs `fn` while holding the named lock in every tab of the origin.
 * @example await withLock('uptake-send', () => sendOneBatch())
 */
export function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return navigator.locks ? (navigator.locks.request(name, fn) as Promise<T>) : fn();
}
