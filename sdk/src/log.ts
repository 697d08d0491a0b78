// The SDK's one logger: silent unless `init({ debug: true })`. Errors inside the SDK end up here,
// never in the host page.

let enabled: unknown = false;

/** Turns debug logging on or off. */
export function setDebug(on: unknown): void {
  enabled = on;
}

/**
 * Logs to the console with an `[uptake]` prefix when debug is on.
 * @example log('dropped 3 events', error)
 */
export function log(...args: unknown[]): void {
  if (enabled) console.warn('[uptake]', ...args);
}

/**
 * Wraps a function so that nothing it throws reaches the caller (the host page): errors are logged.
 * @example addEventListener('pagehide', guard(onPageHide))
 */
export function guard<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R | undefined {
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      log(error);
      return undefined;
    }
  };
}
