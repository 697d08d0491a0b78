// The PostgreSQL store's own report rollups (pg-report-rollups.ts): the day-set functions on hand-made
// sets, and the rollups kept batch by batch (events out of order, merged sessions, an erase) equal to
// the ones `migrate` rebuilds from the base tables.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { REBUILD_REPORT_ROLLUPS_SQL } from '../../src/storage/postgres/pg-report-rollups.js';
import { REBUILD_ACCOUNT_NAME_DAYS_SQL } from '../../src/storage/postgres/pg-account-name-days.js';
import { D0, makeEvent, MIN } from '../../src/storage/store-fixtures.js';
import { DAY_MS } from '../../src/storage/store.js';
import { postgresAvailable, startPgServer, type PgServer } from './pg-server.js';

const available = postgresAvailable();
let server: PgServer;

const DAY_MIN = DAY_MS / MIN;
const ROLLUPS: Record<string, string> = {
  user_day_sets: 'SELECT project, account_id, user_key, first_day, last_day, days::text FROM user_day_sets ORDER BY 1, 2, 3',
  feature_day_sets: 'SELECT project, account_id, user_key, event, first_day, last_day, days::text FROM feature_day_sets ORDER BY 1, 2, 3, 4',
  feature_name_days: 'SELECT * FROM feature_name_days ORDER BY project, day, event',
  account_name_days: 'SELECT * FROM account_name_days ORDER BY project, account_id, day, event',
  account_feature_day_sets: 'SELECT project, account_id, event, first_day, last_day, days::text FROM account_feature_day_sets ORDER BY 1, 2, 3',
  // A (day, account) whose sessions all moved elsewhere keeps a row of zeros: not a difference.
  account_session_days: 'SELECT * FROM account_session_days WHERE sessions <> 0 OR total_ms <> 0 ORDER BY project, day, account_id',
  account_days: 'SELECT * FROM account_days ORDER BY project, day, account_id',
  // Entries as "name:day" in name order (the kept ones are in order of arrival).
  feature_user_names: `SELECT u.project, u.account_id, u.user_key, u.last_day,
      (SELECT string_agg(n.event || ':' || split_part(e, ':', 2), ' ' ORDER BY n.event) FROM unnest(string_to_array(u.names, ' ')) AS e
        JOIN feature_names n ON n.project = u.project AND n.no = split_part(e, ':', 1)::integer) AS names
    FROM feature_user_names u ORDER BY 1, 2, 3`,
};

async function snapshot(client: pg.Client): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(ROLLUPS)) out[table] = (await client.query(sql)).rows;
  return out;
}

/** The rollups as kept, and as rebuilt from the base tables (rolled back, so nothing changes). */
async function keptAndRebuilt(client: pg.Client): Promise<[Record<string, unknown[]>, Record<string, unknown[]>]> {
  const kept = await snapshot(client);
  await client.query('BEGIN');
  await client.query(REBUILD_REPORT_ROLLUPS_SQL + REBUILD_ACCOUNT_NAME_DAYS_SQL);
  const rebuilt = await snapshot(client);
  await client.query('ROLLBACK');
  return [kept, rebuilt];
}

describe.skipIf(!available)('PostgreSQL report rollups', () => {
  beforeAll(async () => {
    server = await startPgServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('count and merge day sets as bit strings (bit 1 = the first day)', async () => {
    const url = await server.createDatabase();
    await (await openPostgresStore(url)).close(); // creates the functions
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const one = async (sql: string) => Object.values((await client.query(sql)).rows[0])[0];
    // '10110' from day 100: days 100, 102, 103. [101, 104) holds 102 and 103.
    expect(await one(`SELECT uptake_days_in('10110'::varbit, 100, 101, 104)`)).toBe(2);
    // Windows before, after and around the set.
    expect(await one(`SELECT uptake_days_in('10110'::varbit, 100, 90, 100)`)).toBe(0);
    expect(await one(`SELECT uptake_days_in('10110'::varbit, 100, 105, 200)`)).toBe(0);
    expect(await one(`SELECT uptake_days_in('10110'::varbit, 100, 0, 1000)`)).toBe(3);
    // {10, 12} ∪ {8} = {8, 10, 12}: '10101' from day 8.
    expect(await one(`SELECT uptake_days_merge('101'::varbit, 10, '1'::varbit, 8)::text`)).toBe('10101');
    // {10} ∪ {13} = '1001' from day 10.
    expect(await one(`SELECT uptake_days_merge('1'::varbit, 10, '1'::varbit, 13)::text`)).toBe('1001');
    await client.end();
  });

  it('kept batch by batch equal a rebuild from the base rollups, before and after an erase', async () => {
    const url = await server.createDatabase();
    const store = await openPostgresStore(url);
    const at = (day: number, minute = 0) => day * DAY_MIN + minute;
    // Three users in two accounts and none; days arrive out of order (late events before the first
    // day known, and after the last), implicit sessions merge across batches, one sessionId session
    // moves to an earlier start day, and feature names repeat across days.
    await store.ingest('p', [
      makeEvent({ userId: 'u1', groupId: 'acme', type: 'group', at: at(5) }),
      makeEvent({ userId: 'u1', event: 'Report Exported', at: at(5, 1) }),
      makeEvent({ userId: 'u2', groupId: 'acme', type: 'group', at: at(5, 2) }),
      makeEvent({ userId: 'u2', event: 'Dashboard Viewed', at: at(7), sessionId: 's-a' }),
      makeEvent({ userId: 'u3', event: 'Report Exported', at: at(6) }),
    ]);
    await store.ingest('p', [
      makeEvent({ userId: 'u1', event: 'Report Exported', at: at(2) }),
      makeEvent({ userId: 'u1', event: 'Dashboard Viewed', at: at(40) }),
      makeEvent({ userId: 'u2', event: 'Dashboard Viewed', at: at(6, 1430), sessionId: 's-a' }),
      makeEvent({ userId: 'u3', event: 'Report Exported', at: at(6, 20) }),
      makeEvent({ userId: 'u3', groupId: 'globex', type: 'group', at: at(9) }),
    ]);
    await store.ingest('p', [
      makeEvent({ userId: 'u1', event: 'Report Exported', at: at(5, 20) }),
      makeEvent({ userId: 'u3', event: 'Alert Created', at: at(9, 5) }),
      makeEvent({ userId: 'u1', type: 'page', event: null, at: at(5, 10) }),
    ]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let [kept, rebuilt] = await keptAndRebuilt(client);
    expect(kept).toEqual(rebuilt);
    // u1 in acme: days 2, 5 and 40 → '1001' + 34 zeros + '1' from day 2 (39 bits).
    expect(kept.user_day_sets).toContainEqual({
      project: 'p', account_id: 'acme', user_key: 'u1', first_day: D0 + 2, last_day: D0 + 40, days: `1001${'0'.repeat(34)}1`,
    });

    // u1 in acme: Report Exported last on day 5, Dashboard Viewed on day 40.
    expect(kept.feature_user_names).toContainEqual({
      project: 'p', account_id: 'acme', user_key: 'u1', last_day: D0 + 40, names: `Dashboard Viewed:${D0 + 40} Report Exported:${D0 + 5}`,
    });

    // acme's Report Exported: u1 on days 2 and 5 → '1001' from day 2; its Dashboard Viewed: u2 on days 6
    // and 7, u1 on day 40 → '11' + 32 zeros + '1' from day 6 (35 bits).
    const acme = (event: string) => kept.account_feature_day_sets.find((r) => (r as { account_id: string; event: string }).account_id === 'acme' && (r as { event: string }).event === event);
    expect(acme('Report Exported')).toEqual({ project: 'p', account_id: 'acme', event: 'Report Exported', first_day: D0 + 2, last_day: D0 + 5, days: '1001' });
    expect(acme('Dashboard Viewed')).toEqual({ project: 'p', account_id: 'acme', event: 'Dashboard Viewed', first_day: D0 + 6, last_day: D0 + 40, days: `11${'0'.repeat(32)}1` });

    await store.deleteUser('p', 'u1');
    [kept, rebuilt] = await keptAndRebuilt(client);
    expect(kept).toEqual(rebuilt);
    expect(kept.user_day_sets.map((r) => (r as { user_key: string }).user_key).sort()).toEqual(['u2', 'u3', 'u3']);
    expect(kept.feature_user_names.map((r) => (r as { user_key: string }).user_key).sort()).toEqual(['u2', 'u3', 'u3']);
    // Without u1, acme's Report Exported has no day left and its Dashboard Viewed is u2's days 6 and 7.
    expect(acme('Report Exported')).toBeUndefined();
    expect(acme('Dashboard Viewed')).toEqual({ project: 'p', account_id: 'acme', event: 'Dashboard Viewed', first_day: D0 + 6, last_day: D0 + 7, days: '11' });
    await client.end();
    await store.close();
  });
});
