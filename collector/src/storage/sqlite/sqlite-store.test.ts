// Runs the shared Store contract suite against the SQLite store on a real file in a temp dir,
// plus what is specific to SQLite (migrations, reopen, busy database).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { describeStore, makeEvent } from '../store-suite.js';
import { openSqliteStore } from './sqlite-store.js';
import { UptakeError } from '../../errors.js';

let dir = '';
describeStore(
  'sqlite',
  async () => {
    dir = mkdtempSync(join(tmpdir(), 'uptake-store-'));
    return openSqliteStore(join(dir, 'uptake.db'));
  },
  async () => rmSync(dir, { recursive: true, force: true }),
);

describe('SQLite store', () => {
  const dirs: string[] = [];
  const tempDb = () => {
    const d = mkdtempSync(join(tmpdir(), 'uptake-store-'));
    dirs.push(d);
    return join(d, 'uptake.db');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('records applied migrations and keeps data across reopen', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    await store.ingest('p', [makeEvent()]);
    await store.close();
    const again = openSqliteStore(file);
    expect(await again.countEvents('p')).toBe(1);
    await again.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual([1]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a database from a newer collector', () => {
    const file = tempDb();
    openSqliteStore(file).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations VALUES (999, ?, 0)').run('future');
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/newer than this collector/);
  });

  it('answers storage_unavailable with Retry-After while another process holds the write lock, and stores nothing', async () => {
    const file = tempDb();
    const store = openSqliteStore(file, { busyTimeoutMs: 20 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const err = await store.ingest('p', [makeEvent()]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UptakeError);
    expect((err as UptakeError).code).toBe('storage_unavailable');
    expect((err as UptakeError).retryAfter).toBeGreaterThan(0);
    other.exec('ROLLBACK');
    other.close();
    expect(await store.countEvents('p')).toBe(0);
    expect((await store.ingest('p', [makeEvent()])).accepted).toBe(1);
    await store.close();
  });

  it('refuses writes after close and fails ping', async () => {
    const store = openSqliteStore(tempDb());
    await store.close();
    await expect(store.ping()).rejects.toMatchObject({ code: 'storage_unavailable' });
    await expect(store.ingest('p', [makeEvent()])).rejects.toMatchObject({ code: 'storage_unavailable' });
  });

  it('commits batches queued before close', async () => {
    const file = tempDb();
    const store = openSqliteStore(file);
    const pending = store.ingest('p', [makeEvent(), makeEvent()]);
    await store.close();
    expect((await pending).accepted).toBe(2);
    const again = openSqliteStore(file);
    expect(await again.countEvents('p')).toBe(2);
    await again.close();
  });
});
