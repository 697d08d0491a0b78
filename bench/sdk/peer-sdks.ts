// The SDKs the benchmark puts beside uptake.js (SPEC §8): each one's script-tag build (the file a
// CDN serves), the inline code that initialises it against the benchmark's local sink (bot filters
// and automatic captures off), and how the page calls its track().
import { join } from 'node:path';
import { ROOT } from '../collector-process.js';

export interface BenchSdk {
  name: string;
  /** The script-tag bundle, as served. */
  file: string;
  /**
   * Inline JavaScript run right after the bundle, in the same <script>, with `ORIGIN` the sink's
   * origin. After it, `window.__benchTrack(name, props)` must call the SDK's track().
   */
  init: string;
  /** Data attributes of the script element (the plain uptake.js tag initialises from them). */
  dataset?: Record<string, string>;
}

const modules = join(ROOT, 'node_modules');

const UPTAKE: BenchSdk = {
  name: 'uptake',
  file: join(ROOT, 'sdk', 'dist', 'uptake.js'),
  dataset: { writeKey: 'wk_bench', host: 'ORIGIN' },
  init: `window.__benchTrack = (n, p) => window.uptake.track(n, p);`,
};
// UPTAKE_BENCH_BEFORE=<an earlier build of uptake.js>: measured beside the current one in the same
// interleaved rounds, for a before/after comparison on the same machine load (its sends count as uptake's requests).
const before = process.env.UPTAKE_BENCH_BEFORE;

export const BENCH_SDKS: BenchSdk[] = [
  UPTAKE,
  ...(before ? [{ ...UPTAKE, name: 'uptake-before', file: before }] : []),
  {
    name: 'posthog-js',
    file: join(modules, 'posthog-js', 'dist', 'array.js'),
    init: `posthog.init('phc_bench', { api_host: ORIGIN, autocapture: false, capture_pageview: false, capture_pageleave: false,
      capture_dead_clicks: false, rageclick: false, capture_performance: false, capture_exceptions: false, disable_session_recording: true,
      disable_surveys: true, disable_web_experiments: true, advanced_disable_flags: true, advanced_disable_decide: true,
      disable_external_dependency_loading: true, opt_out_useragent_filter: true, request_queue_config: { flush_interval_ms: 1000 } });
      window.__benchTrack = (n, p) => posthog.capture(n, p);`,
  },
  {
    name: '@amplitude/analytics-browser',
    file: join(modules, '@amplitude', 'analytics-browser', 'lib', 'scripts', 'amplitude-min.js'),
    init: `amplitude.init('bench-api-key', { serverUrl: ORIGIN + '/2/httpapi', autocapture: false, fetchRemoteConfig: false, remoteConfig: { fetchRemoteConfig: false }, flushIntervalMillis: 1000, logLevel: 0 });
      window.__benchTrack = (n, p) => amplitude.track(n, p);`,
  },
  {
    name: '@openpanel/web',
    file: join(modules, '@openpanel', 'web', 'dist', 'src', 'tracker.global.js'),
    // The script-tag build reads its queue (init first) from window.op when it runs.
    init: `window.__benchTrack = (n, p) => window.openpanel.track(n, p);`,
    dataset: {},
  },
];

/** Code run before the bundle (OpenPanel's snippet: a queue holding the init call). */
export const PRELUDE: Record<string, string> = {
  '@openpanel/web': `window.op = window.op || function (...args) { (window.op.q = window.op.q || []).push(args); };
    op('init', { clientId: 'bench-client', apiUrl: ORIGIN, trackScreenViews: false, trackOutgoingLinks: false, trackAttributes: false });`,
};
