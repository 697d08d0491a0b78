// Runs the shared Store contract suite against the PostgreSQL store on a real, throwaway server,
// plus what is specific to PostgreSQL: migrations under concurrent starts, a newer schema refused,
// 503 with Retry-After when the server is gone, and exact rollups under concurrent writers.
import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UptakeError } from '../../src/errors.js';
import { openStore } from '../../src/storage/open-store.js';
import { migratePostgres } from '../../src/storage/postgres/pg-migrate.js';
import { PG_MIGRATIONS } from '../../src/storage/postgres/pg-migrations.js';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { describeStore, makeEvent } from '../../src/storage/store-suite.js';
import { postgresAvailable, startPgServer, type PgServer } from './pg-server.js';

const available = postgresAvailable();
let server: PgServer;

describe.skipIf(!available)('PostgreSQL store', () => {
  beforeAll(async () => {
    server = await startPgServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describeStore('postgres', async () => openPostgresStore(await server.createDatabase()));

  it('is selected by a postgres:// --db and records its applied migrations', async () => {
    const url = await server.createDatabase();
    const store = await openStore(url);
    expect(store.kind).toBe('postgres');
    await store.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    expect((await client.query('SELECT version FROM uptake_schema_migrations ORDER BY version')).rows).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version })));
    await client.end();
  });

  it('works in a schema of its own, named by search_path in the URL', async () => {
    const url = await server.createDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE SCHEMA uptake');
    const store = await openStore(`${url}?options=-c%20search_path%3Duptake`);
    expect((await store.ingest('p', [makeEvent({ groupId: 'acme' })])).accepted).toBe(1);
    expect((await store.listAccounts('p')).map((a) => a.accountId)).toEqual(['acme']);
    await store.close();
    const { rows } = await client.query(`SELECT table_schema, count(*)::int AS n FROM information_schema.tables
      WHERE table_name IN ('events', 'uptake_schema_migrations') GROUP BY table_schema`);
    expect(rows).toEqual([{ table_schema: 'uptake', n: 2 }]);
    await client.end();
  });

  it('applies migrations once when several collectors start at the same moment', async () => {
    const url = await server.createDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url)));
    expect((await stores[0].ingest('p', [makeEvent()])).accepted).toBe(1);
    expect(await stores[3].countEvents('p')).toBe(1);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('upgrades a database written by an older collector, keeping its events', async () => {
    const url = await server.createDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await migratePostgres(client, PG_MIGRATIONS.slice(0, 1));
    await client.query(`INSERT INTO events (project, message_id, type, user_key, ts, received_at) VALUES ('p', 'old-1', 'track', 'u1', 0, 0)`);
    const store = await openPostgresStore(url);
    expect(await store.countEvents('p')).toBe(1);
    await store.close();
    expect((await client.query('SELECT max(version) AS v FROM uptake_schema_migrations')).rows[0].v).toBe(Math.max(...PG_MIGRATIONS.map((m) => m.version)));
    await client.end();
  });

  it('refuses a database from a newer collector', async () => {
    const url = await server.createDatabase();
    await (await openPostgresStore(url)).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`INSERT INTO uptake_schema_migrations VALUES (999, 'future', 0)`);
    await client.end();
    await expect(openPostgresStore(url)).rejects.toThrow(/newer than this collector/);
  });

  it('names the database without its password when it cannot connect', async () => {
    const err = await openStore(`postgres://uptake:s3cret@127.0.0.1:${server.port}/missing_db`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UptakeError);
    expect((err as UptakeError).code).toBe('invalid_flags');
    expect((err as Error).message).toMatch(/missing_db.*does not exist/);
    expect((err as Error).message).not.toContain('s3cret');
  });

  it('answers storage_unavailable with Retry-After while the server is unreachable, and recovers', async () => {
    const url = new URL(await server.createDatabase());
    const proxy = await startProxy(server.port);
    url.port = String(proxy.port);
    const store = await openPostgresStore(url.toString());
    expect((await store.ingest('p', [makeEvent()])).accepted).toBe(1);

    await proxy.stop(); // open connections cut, new ones refused
    const err = await store.ingest('p', [makeEvent()]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UptakeError);
    expect((err as UptakeError).code).toBe('storage_unavailable');
    expect((err as UptakeError).retryAfter).toBeGreaterThan(0);
    await expect(store.countEvents('p')).rejects.toMatchObject({ code: 'storage_unavailable' });

    await proxy.start();
    expect((await store.ingest('p', [makeEvent()])).accepted).toBe(1);
    expect(await store.countEvents('p')).toBe(2);
    await store.close();
    await proxy.stop();
  });

  it('answers storage_unavailable when no connection slot is left', async () => {
    const url = new URL(await server.createDatabase());
    await server.admin('DROP ROLE IF EXISTS limited');
    await server.admin('CREATE ROLE limited LOGIN CONNECTION LIMIT 2');
    await server.admin(`ALTER DATABASE ${url.pathname.slice(1)} OWNER TO limited`);
    url.username = 'limited';
    const store = await openPostgresStore(url.toString()); // keeps one connection open
    const holder = new pg.Client({ connectionString: url.toString() });
    await holder.connect(); // the role's last slot
    // Two batches at once: one runs on the open connection, the other finds no slot.
    const results = await Promise.allSettled([store.ingest('p', [makeEvent()]), store.ingest('p', [makeEvent()])]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const err = results.find((r) => r.status === 'rejected')!.reason;
    expect(err).toMatchObject({ code: 'storage_unavailable', retryAfter: 1 });
    expect((err as Error).message).toMatch(/too many connections/);
    await holder.end();
    expect(await store.countEvents('p')).toBe(1);
    await store.close();
  });

  it('refuses work after close and commits batches started before it', async () => {
    const url = await server.createDatabase();
    const store = await openPostgresStore(url);
    const pending = store.ingest('p', [makeEvent(), makeEvent()]);
    await store.close();
    expect((await pending).accepted).toBe(2);
    await expect(store.ping()).rejects.toMatchObject({ code: 'storage_unavailable' });
    await expect(store.ingest('p', [makeEvent()])).rejects.toMatchObject({ code: 'storage_unavailable' });
    const again = await openPostgresStore(url);
    expect(await again.countEvents('p')).toBe(2);
    await again.close();
  });

  it('plans a read for a list of accounts on every call: no generic plan made for one account serves a segment', async () => {
    // One connection, so the statements it keeps prepared are the ones pg_prepared_statements lists.
    const store = await openPostgresStore(`${await server.createDatabase()}?pool_max=1`);
    const D = Math.floor(makeEvent().timestamp / 86_400_000);
    // u1..u3 of acme on day D, u4 of beta on D and D+1, u5 of gamma on D (its account left out below).
    await store.ingest('p', [
      ...['u1', 'u2', 'u3'].map((userId) => makeEvent({ userId, groupId: 'acme' })),
      makeEvent({ userId: 'u4', groupId: 'beta' }), makeEvent({ userId: 'u4', groupId: 'beta', at: 24 * 60 }),
      makeEvent({ userId: 'u5', groupId: 'gamma' }),
    ]);
    // Six account pages' reads (past the five custom plans after which PostgreSQL may keep a generic one), then a segment's.
    for (let i = 0; i < 6; i++) expect(await store.accountDayTotals('p', D, D + 2, 'acme')).toMatchObject([{ accountId: 'acme', userDays: 3 }]);
    const segment = await store.accountDayTotals('p', D, D + 2, ['acme', 'beta']);
    // acme: 3 users × 1 day = 3 user-days; beta: u4 on 2 days = 2; gamma not listed.
    expect(segment.map((r) => [r.accountId, r.userDays]).sort()).toEqual([['acme', 3], ['beta', 2]]);
    await store.listAccounts('p'); // a read without a list: prepared, as before
    const pool = (store as unknown as { pool: pg.Pool }).pool;
    const prepared = (await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).rows.map((r) => r.statement);
    expect(prepared.some((s) => s.includes('FROM account_users'))).toBe(true);
    expect(prepared.filter((s) => s.includes('ANY('))).toEqual([]);
    await store.close();
  });

  it('vacuums the tables an erase touched, so the erased rows\' space is pruned (SPEC §16)', async () => {
    const url = await server.createDatabase();
    const store = await openStore(url);
    await store.ingest('p', [makeEvent({ userId: 'gone', groupId: 'acme' }), makeEvent({ userId: 'stays', groupId: 'acme' })]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const vacuumed = async () =>
      (await client.query(`SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL AND relname IN ('events', 'users', 'user_links') ORDER BY relname`)).rows.map((r) => r.relname);
    expect(await vacuumed()).toEqual([]);
    expect(await store.deleteUser('p', 'gone')).toEqual({ events: 1 });
    expect(await vacuumed()).toEqual(['events', 'user_links', 'users']);
    // The erased user's row versions are pruned from the heap, not just invisible.
    const { rows } = await client.query(`SELECT n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relname = 'events'`);
    expect(rows).toEqual([{ dead: 0 }]);
    await client.end();
    await store.close();
  });
});

/** A TCP relay to the server that can be cut and restored on the same port: an outage on demand. */
async function startProxy(target: number) {
  let listener: Server | null = null;
  const sockets = new Set<Socket>();
  let port = 0;
  const proxy = {
    get port() {
      return port;
    },
    start: () =>
      new Promise<void>((resolve) => {
        listener = createServer((client) => {
          const upstream = connect(target, '127.0.0.1');
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('close', () => sockets.delete(s));
            s.on('error', () => {});
          }
          client.pipe(upstream).pipe(client);
        });
        listener.listen(port, '127.0.0.1', () => {
          port = (listener!.address() as { port: number }).port;
          resolve();
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        listener ? listener.close(() => resolve()) : resolve();
        listener = null;
      }),
  };
  await proxy.start();
  return proxy;
}
