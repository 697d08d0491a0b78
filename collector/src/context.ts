// What every route needs: the validated config, the store, a clock, the metrics registry and the
// rate-limit buckets.
import type { Config, ProjectConfig } from './config.js';
import { createMetrics, type Metrics } from './metrics.js';
import { TokenBuckets } from './middleware/rate-limit.js';
import type { Store } from './storage/store.js';
import { createNotifications, type Notifications, type NotificationsOptions } from './notifications/service.js';

export interface AppContext {
  config: Config;
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
    store,
    now,
    byWriteKey: new Map(config.projects.map((p) => [p.writeKey, p])),
    bySecretKey: new Map(config.projects.map((p) => [p.secretKey, p])),
    metrics: createMetrics(),
    // Rate limits run on the real clock even when a test pins `now` for event times.
    rateLimits: new TokenBuckets(),
  };
}
