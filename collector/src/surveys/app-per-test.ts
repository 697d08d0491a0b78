// Test support: the collector app on a real SQLite file in a fresh temp dir for every test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import { createContext } from '../context.js';
import { openSqliteStore, type SqliteStore } from '../storage/sqlite/sqlite-store.js';

/** Before each test opens a store in a new temp dir (named from `prefix`) and an app on it, handed to `use`; removes both after. */
export function sqliteAppPerTest(config: Config, prefix: string, use: (opened: { store: SqliteStore; app: Hono }) => void): void {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    store = openSqliteStore(join(dir, 'uptake.db'));
    use({ store, app: createApp(createContext(config, store)) });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
}
