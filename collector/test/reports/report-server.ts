// Test helper: a real collector (real SQLite file in a temp dir, or the store a test file chose, real
// HTTP server on 127.0.0.1 with a free port) and small clients for its batch and report endpoints.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { startServer } from '../../src/server.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../../src/storage/store.js';

/** A store for one test, where it lives (`--db` value) and how to remove it. */
export interface TestStore {
  store: Store;
  dbPath: string;
  dispose(): Promise<void>;
}

/** The default: a real SQLite file in a temp dir. */
async function sqliteTestStore(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-reports-'));
  const dbPath = join(dir, 'uptake.db');
  return { store: openSqliteStore(dbPath), dbPath, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

let openTestStoreWith: () => Promise<TestStore> = sqliteTestStore;

/**
 * Makes this test file's collectors use another store (collector/test/postgres runs these report
 * tests on PostgreSQL this way); the default is SQLite.
 * @example useTestStore(async () => ({ store, dbPath: url, dispose: async () => {} }))
 */
export function useTestStore(open: () => Promise<TestStore>): void {
  openTestStoreWith = open;
}

/** Opens a store of the kind this test file uses. */
export const openTestStore = (): Promise<TestStore> => openTestStoreWith();

export interface TestCollector {
  url: string;
  store: Store;
  dbPath: string;
  /** POSTs one batch with the write key; fails the test on a non-200 or a rejected event. */
  send(writeKey: string, batch: unknown[]): Promise<{ accepted: number; duplicates: number }>;
  /** GETs a path with `Authorization: Bearer <key>` (no header when key is null). */
  get(path: string, key: string | null): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Starts a collector for `rawConfig` whose clock is pinned to `now`.
 * @example const c = await startTestCollector(config, Date.parse('2026-03-10T12:00:00Z'))
 */
export async function startTestCollector(rawConfig: unknown, now: number): Promise<TestCollector> {
  const { store, dbPath, dispose } = await openTestStore();
  const server = await startServer(createContext(parseConfig(rawConfig), store, () => now), { host: '127.0.0.1', port: 0 });
  return {
    url: server.url,
    store,
    dbPath,
    async send(writeKey, batch) {
      const res = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ writeKey, batch }) });
      const body = await res.json();
      if (res.status !== 200 || body.rejected.length > 0) throw new Error(`batch refused: ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    get: (path, key) => fetch(`${server.url}${path}`, { headers: key === null ? {} : { Authorization: `Bearer ${key}` } }),
    async close() {
      await server.close();
      await store.close();
      await dispose();
    },
  };
}
