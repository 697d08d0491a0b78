// What every route needs: the validated config, the store, a clock, the metrics registry and the
// rate-limit buckets.
import { createHash } from 'node:crypto';
import type { Config, ProjectConfig } from './config.js';
import { createMetrics, type Metrics } from './metrics.js';
import { TokenBuckets } from './middleware/rate-limit.js';
import type { Store } from './storage/store.js';
import { createNotifications, type Notifications, type NotificationsOptions } from './notifications/service.js';

export interface AppContext {
  /** The running config: a reload (SIGHUP, --watch-config) swaps it; read it per request, never keep it. */
  config: Config;
  /** Which config is running, for /healthz: SHA-256 of the validated config and when it was loaded. */
  configInfo: { hash: string; loadedAt: string };
  store: Store;
  /** Current time in ms; tests may pin it. */
  now: () => number;
  /** Projects by write key and by secret key. */
  byWriteKey: Map<string, ProjectConfig>;
  bySecretKey: Map<string, ProjectConfig>;
  /** Prometheus metrics served at /metrics. */
  metrics: Metrics;
  /** Rate-limit token buckets (per write key and per IP), in memory. */
  rateLimits: TokenBuckets;
  /** Notifications (SPEC §11): ingest's hook, the outbox worker, evaluation; started by `serve`. */
  notifications: Notifications;
}

export function createContext(config: Config, store: Store, now: () => number = Date.now, notifications: NotificationsOptions = {}): AppContext {
  return {
    notifications: createNotifications({ config, store, now }, notifications),
    config,
    configInfo: configInfoOf(config, now),
    store,
    now,
    byWriteKey: new Map(config.projects.map((p) => [p.writeKey, p])),
    bySecretKey: new Map(config.projects.map((p) => [p.secretKey, p])),
    metrics: createMetrics(),
    // Rate limits run on the real clock even when a test pins `now` for event times.
    rateLimits: new TokenBuckets(),
  };
}

/** The hash and load time /healthz shows. */
function configInfoOf(config: Config, now: () => number): AppContext['configInfo'] {
  return { hash: createHash('sha256').update(JSON.stringify(config)).digest('hex'), loadedAt: new Date(now()).toISOString() };
}

/**
 * Swaps the running config (SPEC §13): new requests see the new projects, surveys, features and keys.
 * The key maps are refilled in place, so code holding them sees the change too.
 * @example reloadConfig(ctx, loadConfig(file))
 */
export function reloadConfig(ctx: AppContext, config: Config): void {
  ctx.config = config;
  ctx.configInfo = configInfoOf(config, ctx.now);
  ctx.byWriteKey.clear();
  ctx.bySecretKey.clear();
  for (const p of config.projects) {
    ctx.byWriteKey.set(p.writeKey, p);
    ctx.bySecretKey.set(p.secretKey, p);
  }
  ctx.notifications.reconfigure(config);
}
