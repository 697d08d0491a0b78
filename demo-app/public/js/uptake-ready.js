// Reaches `window.uptake` once the async script tag has loaded it. The app never breaks when the
// collector is down: calls made while the SDK is missing are skipped.

const SDK_SELECTOR = 'script[data-write-key]';

/**
 * Resolves with `window.uptake`, or null if it does not load within `timeoutMs`.
 * @param {number} [timeoutMs]
 * @returns {Promise<any>}
 */
export function uptakeReady(timeoutMs = 5000) {
  const w = /** @type {any} */ (window);
  if (w.uptake) return Promise.resolve(w.uptake);
  return new Promise((resolve) => {
    const tag = document.querySelector(SDK_SELECTOR);
    const done = () => {
      clearTimeout(timer);
      resolve(w.uptake ?? null);
    };
    const timer = setTimeout(done, timeoutMs);
    tag?.addEventListener('load', done, { once: true });
    tag?.addEventListener('error', done, { once: true });
  });
}

/**
 * Calls `fn(uptake)` when the SDK is there; errors stay inside (analytics must not break the app).
 * @param {(uptake: any) => unknown} fn
 */
export async function withUptake(fn) {
  const uptake = await uptakeReady();
  if (!uptake) return;
  try {
    await fn(uptake);
  } catch (err) {
    console.warn('[ledgerly] analytics call failed', err);
  }
}

/**
 * Sends what the SDK queued before leaving the page, waiting at most `timeoutMs`.
 * @param {number} [timeoutMs]
 */
export async function flushBeforeLeaving(timeoutMs = 2000) {
  await withUptake((uptake) => Promise.race([uptake.flush(), new Promise((r) => setTimeout(r, timeoutMs))]));
}
