// Test support for notifications: a project config with notifications, a SQLite store in a temp dir,
// and an app context whose clock the test moves (no sleeping through backoff delays).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../src/config.js';
import { createContext, type AppContext } from '../../src/context.js';
import type { NotificationsOptions } from '../../src/notifications/service.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../../src/storage/store.js';

export const SECRET_KEY = 'sk_notify_secret';
export const WRITE_KEY = 'wk_notify';

export function notifyConfig(notifications: Record<string, unknown>, project: Record<string, unknown> = {}): Config {
  return parseConfig({
    projects: [{
      id: 'demo', name: 'Demo SaaS', writeKey: WRITE_KEY, secretKey: SECRET_KEY,
      notifications: { allowInsecureDestinations: true, allowPrivateDestinations: true, ...notifications },
      ...project,
    }],
  }, 'config', () => {});
}

export interface NotifyHarness {
  ctx: AppContext;
  store: Store;
  /** The test's clock (ms); move it with `clock.set`. */
  clock: { now: number; set(ms: number): void };
  logs: string[];
  dir: string;
  dbPath: string;
  close(): Promise<void>;
}

export function startHarness(config: Config, start: number, options: NotificationsOptions = {}): NotifyHarness {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-notify-'));
  const dbPath = join(dir, 'uptake.db');
  const store = openSqliteStore(dbPath);
  const clock = { now: start, set(ms: number) { clock.now = ms; } };
  const logs: string[] = [];
  const ctx = createContext(config, store, () => clock.now, { log: (l) => logs.push(l), ...options });
  return {
    ctx, store, clock, logs, dir, dbPath,
    async close() {
      await ctx.notifications.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
