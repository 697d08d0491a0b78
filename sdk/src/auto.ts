// Script-tag entry (dist/uptake.js): sets `window.uptake`, replays calls the snippet queued, and
// initialises from its own tag's `data-write-key` (and `data-host`; default: the script's origin).
import { call, init as start, flush, showSurvey, variant } from './index.js';
import type { Client, Options } from './client.js';

type Api = Record<string, (...args: unknown[]) => unknown>;
const w = window as unknown as { uptake?: Api | unknown[] };

if (!(w.uptake && 'init' in w.uptake && !Array.isArray(w.uptake))) {
  const script = document.currentScript as HTMLScriptElement | null;
  const queued = Array.isArray(w.uptake) ? (w.uptake as [string, ...unknown[]][]) : [];
  const data = script?.dataset ?? {};
  // `src` is absolute once the browser resolved it; an inline script leaves the page origin as default.
  const host = data.host || (script?.src && new URL(script.src).origin);
  const init = (writeKey: string, options?: Options | null) => start(writeKey, { ...options, host: options?.host || host });
  const uptake = { init, flush, showSurvey, variant } as Api;
  // The methods that only forward to the client, made in a loop (≈ 40 B gzip less than one by one).
  for (const method of 'track identify group page reset optOut optIn'.split(' ')) uptake[method] = call(method as keyof Client) as Api[string];
  w.uptake = uptake;
  if (data.writeKey && !queued.some((c) => c[0] === 'init')) init(data.writeKey);
  for (const [method, ...args] of queued) uptake[method]?.(...args);
}
