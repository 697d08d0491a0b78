// What every route needs: the validated config, the store, a clock, and the metrics registry.
import type { Config, ProjectConfig } from './config.js';
import type { Store } from './storage/store.js';

export interface AppContext {
  config: Config;
  store: Store;
  /** Current time in ms; tests may pin it. */
  now: () => number;
  /** Projects by write key and by secret key. */
  byWriteKey: Map<string, ProjectConfig>;
  bySecretKey: Map<string, ProjectConfig>;
}

export function createContext(config: Config, store: Store, now: () => number = Date.now): AppContext {
  return {
    config,
    store,
    now,
    byWriteKey: new Map(config.projects.map((p) => [p.writeKey, p])),
    bySecretKey: new Map(config.projects.map((p) => [p.secretKey, p])),
  };
}
