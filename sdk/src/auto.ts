// Script-tag entry (dist/uptake.js): sets `window.uptake`, replays calls the snippet queued, and
// initialises from its own tag's `data-write-key` (and `data-host`; default: the script's origin).
import { init as start, track, identify, group, page, reset, optOut, optIn, flush, showSurvey, variant } from './index.js';
import type { Options } from './client.js';

const api = { init: start, track, identify, group, page, reset, optOut, optIn, flush, showSurvey, variant };
type Api = typeof api;
const w = window as unknown as { uptake?: Api | unknown[] };

if (!(w.uptake && 'init' in w.uptake && !Array.isArray(w.uptake))) {
  const script = document.currentScript as HTMLScriptElement | null;
  const queued = Array.isArray(w.uptake) ? (w.uptake as [keyof Api, ...unknown[]][]) : [];
  const data = script?.dataset ?? {};
  // `src` is absolute once the browser resolved it; an inline script leaves the page origin as default.
  const host = data.host || (script?.src ? new URL(script.src).origin : undefined);
  const init = (writeKey: string, options?: Options | null) => start(writeKey, { ...options, host: options?.host || host });
  const uptake: Api = { ...api, init };
  w.uptake = uptake;
  if (data.writeKey && !queued.some((c) => c[0] === 'init')) init(data.writeKey);
  for (const [method, ...args] of queued) (uptake[method] as ((...a: unknown[]) => unknown) | undefined)?.(...args);
}
