// The PostgreSQL store's report rollups (migration 40): what the reports read instead of grouping
// every (day, user) row of a window, so a report costs rows per (account, user) pair or per account
// and day, not per active user and day.
// - user_day_sets / feature_day_sets: the days each (account, user) and (account, user, feature) was
//   active, as a bit string (bit 1 = first_day): a window's distinct users and adopters in one pass.
// - feature_name_days: feature events per (day, name) over every account (the features' use).
// - account_days.last_seen and account_session_days: an account's last activity and its sessions per day.
// They are derived from user_days, feature_usage and sessions: kept at ingest (pg-rollup-writes.ts),
// corrected by an erase, and rebuilt whole after a bulk copy (`migrate`).
import type pg from 'pg';
import { featureUseByName, type BatchDeltas } from '../rollup-deltas.js';
import { DAY_MS } from '../store.js';
import type { Pipeline } from './pg-pipeline.js';
import type { SessionRow, SessionWrites } from './session-merge.js';

/** The day-set functions and the tables (run once by the migration). */
export const REPORT_ROLLUPS_SCHEMA = `
  -- A set of days as a bit string: bit 1 (leftmost) is day "first", bit n is day first + n - 1.
  -- The bits of a set placed on the span [at, at + len) (at <= first).
  CREATE FUNCTION uptake_days_at(bits bit varying, first integer, at integer, len integer) RETURNS bit varying
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
    $$ SELECT substring(repeat('0', first - at)::bit varying || bits || repeat('0', greatest(0, len - (first - at) - length(bits)))::bit varying FROM 1 FOR len) $$;
  -- The union of two sets, as a set starting at the earlier first day.
  CREATE FUNCTION uptake_days_merge(a bit varying, a_first integer, b bit varying, b_first integer) RETURNS bit varying
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
    $$ SELECT uptake_days_at(a, a_first, least(a_first, b_first), greatest(a_first + length(a), b_first + length(b)) - least(a_first, b_first))
            | uptake_days_at(b, b_first, least(a_first, b_first), greatest(a_first + length(a), b_first + length(b)) - least(a_first, b_first)) $$;
  -- How many days of the set fall in [from_day, to_day).
  CREATE FUNCTION uptake_days_in(bits bit varying, first integer, from_day integer, to_day integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
    $$ SELECT CASE WHEN least(to_day, first + length(bits)) <= greatest(from_day, first) THEN 0
         ELSE bit_count(substring(bits FROM greatest(from_day, first) - first + 1 FOR least(to_day, first + length(bits)) - greatest(from_day, first)))::integer END $$;

  CREATE TABLE user_day_sets (
    project text COLLATE "C" NOT NULL,
    account_id text COLLATE "C" NOT NULL,
    user_key text COLLATE "C" NOT NULL,
    first_day integer NOT NULL,
    last_day integer NOT NULL,
    days bit varying NOT NULL,
    PRIMARY KEY (project, account_id, user_key)
  );
  CREATE INDEX user_day_sets_by_user ON user_day_sets (project, user_key);

  CREATE TABLE feature_day_sets (
    project text COLLATE "C" NOT NULL,
    account_id text COLLATE "C" NOT NULL,
    user_key text COLLATE "C" NOT NULL,
    event text COLLATE "C" NOT NULL,
    first_day integer NOT NULL,
    last_day integer NOT NULL,
    days bit varying NOT NULL,
    PRIMARY KEY (project, account_id, user_key, event)
  );
  CREATE INDEX feature_day_sets_by_user ON feature_day_sets (project, user_key);

  CREATE TABLE feature_name_days (
    project text COLLATE "C" NOT NULL,
    day integer NOT NULL,
    event text COLLATE "C" NOT NULL,
    count bigint NOT NULL,
    first_ts bigint NOT NULL,
    last_ts bigint NOT NULL,
    PRIMARY KEY (project, day, event)
  );

  -- Sessions per (day of their start, account of their first event): count and summed length.
  CREATE TABLE account_session_days (
    project text COLLATE "C" NOT NULL,
    day integer NOT NULL,
    account_id text COLLATE "C" NOT NULL,
    sessions integer NOT NULL,
    total_ms bigint NOT NULL,
    PRIMARY KEY (project, day, account_id)
  );

  ALTER TABLE account_days ADD COLUMN last_seen bigint NOT NULL DEFAULT 0;
  -- One account's feature use in a window (the account page) without reading every account's rows.
  CREATE INDEX feature_usage_by_account ON feature_usage (project, account_id, day) INCLUDE (event, count, first_ts, last_ts);
`;

/** Day of a session's start, as the store's days (UTC, floor). */
const SESSION_DAY_SQL = 'floor(start_ts::numeric / 86400000)::integer';

/**
 * Recomputes every report rollup from user_days, feature_usage and sessions (after the migration
 * creates them, and after `migrate` copied the base tables). The per-day rollups are written in key
 * order (day first), as live ingest appends them: a window's rows then share pages. In hash order, a
 * 30-day window of account_days on the 10 M-event dataset touched 1 425 pages instead of 137, and its
 * sums cost twice the server time.
 */
export const REBUILD_REPORT_ROLLUPS_SQL = `
  TRUNCATE user_day_sets, feature_day_sets, feature_name_days, account_session_days;
  INSERT INTO user_day_sets (project, account_id, user_key, first_day, last_day, days)
    SELECT project, account_id, user_key, f, l, bit_or(uptake_days_at(B'1', day, f, l - f + 1))
    FROM (SELECT project, account_id, user_key, day, min(day) OVER w AS f, max(day) OVER w AS l FROM user_days
          WINDOW w AS (PARTITION BY project, account_id, user_key)) AS d
    GROUP BY project, account_id, user_key, f, l;
  INSERT INTO feature_day_sets (project, account_id, user_key, event, first_day, last_day, days)
    SELECT project, account_id, user_key, event, f, l, bit_or(uptake_days_at(B'1', day, f, l - f + 1))
    FROM (SELECT project, account_id, user_key, event, day, min(day) OVER w AS f, max(day) OVER w AS l FROM feature_usage
          WINDOW w AS (PARTITION BY project, account_id, user_key, event)) AS d
    GROUP BY project, account_id, user_key, event, f, l;
  INSERT INTO feature_name_days (project, day, event, count, first_ts, last_ts)
    SELECT project, day, event, sum(count), min(first_ts), max(last_ts) FROM feature_usage GROUP BY project, day, event ORDER BY project, day, event;
  INSERT INTO account_session_days (project, day, account_id, sessions, total_ms)
    SELECT project, ${SESSION_DAY_SQL}, account_id, count(*), sum(end_ts - start_ts) FROM sessions GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
  DELETE FROM account_days;
  INSERT INTO account_days (project, day, account_id, active_users, last_seen)
    SELECT project, day, account_id, count(*), max(last_seen) FROM user_days WHERE account_id <> '' GROUP BY project, day, account_id ORDER BY project, day, account_id;
`;

/**
 * After a bulk copy: rebuilds the report rollups inside the copy's transaction.
 * @example await rebuildReportRollups(client) // before COMMIT
 */
export async function rebuildReportRollups(client: pg.ClientBase): Promise<void> {
  await client.query(REBUILD_REPORT_ROLLUPS_SQL);
}

/**
 * After a bulk load, outside any transaction: planner statistics and the visibility map (index-only
 * scans), which autovacuum would otherwise only bring minutes later.
 * @example await analyzeAfterBulkLoad(client)
 */
export async function analyzeAfterBulkLoad(client: pg.ClientBase): Promise<void> {
  await client.query('VACUUM (ANALYZE)');
}

/** A day set as the bit string literal of the migration's functions: '1' at day − first. */
export function daySetBits(days: Iterable<number>): { first: number; last: number; bits: string } {
  const list = [...days];
  const first = Math.min(...list);
  const last = Math.max(...list);
  const bits = new Array<string>(last - first + 1).fill('0');
  for (const d of list) bits[d - first] = '1';
  return { first, last, bits: bits.join('') };
}

/** Groups rows by a key and collects their days. */
export function daysBy<T>(rows: Iterable<T>, keyOf: (r: T) => string, dayOf: (r: T) => number): Map<string, { row: T; days: number[] }> {
  const out = new Map<string, { row: T; days: number[] }>();
  for (const r of rows) {
    const k = keyOf(r);
    const g = out.get(k);
    if (g) g.days.push(dayOf(r));
    else out.set(k, { row: r, days: [dayOf(r)] });
  }
  return out;
}

/** The set-merging update of a day-set upsert; rows whose set already holds the batch's days stay untouched. */
export const MERGE_DAYS = `days = uptake_days_merge(s.days, s.first_day, excluded.days, excluded.first_day),
    first_day = least(s.first_day, excluded.first_day), last_day = greatest(s.last_day, excluded.last_day)
  WHERE uptake_days_merge(s.days, s.first_day, excluded.days, excluded.first_day) <> s.days`;

/**
 * Sends the day-set upserts of a batch's new (day, user, account) and (day, account, user, feature) rows.
 * Rows of one user only: under that user's advisory lock, never contended.
 */
export function sendDaySetWrites(tx: Pipeline, project: string, d: BatchDeltas): void {
  if (d.userDays.size > 0) {
    const sets = [...daysBy(d.userDays.values(), (r) => `${r.accountId}\u0000${r.userKey}`, (r) => r.day).values()].map(({ row, days }) => ({ row, ...daySetBits(days) }));
    tx.send(
      `INSERT INTO user_day_sets AS s (project, account_id, user_key, first_day, last_day, days)
        SELECT $1, a, u, f, l, b::bit varying FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::text[]) AS x(a, u, f, l, b)
        ON CONFLICT (project, account_id, user_key) DO UPDATE SET ${MERGE_DAYS}`,
      [project, sets.map((s) => s.row.accountId), sets.map((s) => s.row.userKey), sets.map((s) => s.first), sets.map((s) => s.last), sets.map((s) => s.bits)],
    );
  }
  if (d.featureUsage.size > 0) {
    const usage = [...d.featureUsage.values()];
    const sets = [...daysBy(usage, (r) => `${r.accountId}\u0000${r.userKey}\u0000${r.event}`, (r) => r.day).values()].map(({ row, days }) => ({ row, ...daySetBits(days) }));
    tx.send(
      `INSERT INTO feature_day_sets AS s (project, account_id, user_key, event, first_day, last_day, days)
        SELECT $1, a, u, e, f, l, b::bit varying FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[]) AS x(a, u, e, f, l, b)
        ON CONFLICT (project, account_id, user_key, event) DO UPDATE SET ${MERGE_DAYS}`,
      [project, sets.map((s) => s.row.accountId), sets.map((s) => s.row.userKey), sets.map((s) => s.row.event), sets.map((s) => s.first), sets.map((s) => s.last), sets.map((s) => s.bits)],
    );
  }
}

/**
 * Sends the upsert of feature use per (day, name): rows every account shares, so it goes last,
 * just before COMMIT (row locks held briefly), in key order (no deadlock between batches).
 */
export function sendFeatureNameDays(tx: Pipeline, project: string, d: BatchDeltas): void {
  if (d.featureUsage.size === 0) return;
  const rows = featureUseByName(d.featureUsage.values());
  tx.send(
    `INSERT INTO feature_name_days AS n (project, day, event, count, first_ts, last_ts)
      SELECT $1, * FROM unnest($2::int[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[]) AS x(day, event, count, first_ts, last_ts) ORDER BY day, event
      ON CONFLICT (project, day, event) DO UPDATE SET count = n.count + excluded.count,
        first_ts = least(n.first_ts, excluded.first_ts), last_ts = greatest(n.last_ts, excluded.last_ts)`,
    [project, rows.map((r) => r.day), rows.map((r) => r.event), rows.map((r) => r.count), rows.map((r) => r.firstTs), rows.map((r) => r.lastTs)],
  );
}

/**
 * Sends the change of sessions per (day, account) that a batch's session writes make: the stored
 * sessions it deletes or updates leave their day, the updated and new ones join theirs.
 */
export function sendSessionDays(tx: Pipeline, project: string, stored: SessionRow[], writes: SessionWrites): void {
  const deltas = new Map<string, { day: number; accountId: string; sessions: number; totalMs: number }>();
  const add = (s: Pick<SessionRow, 'accountId' | 'start' | 'end'>, sign: 1 | -1) => {
    const day = Math.floor(s.start / DAY_MS);
    const k = `${day}\u0000${s.accountId}`;
    const t = deltas.get(k) ?? deltas.set(k, { day, accountId: s.accountId, sessions: 0, totalMs: 0 }).get(k)!;
    t.sessions += sign;
    t.totalMs += sign * (s.end - s.start);
  };
  const byId = new Map(stored.map((s) => [s.id, s]));
  for (const id of writes.deletes) add(byId.get(id)!, -1);
  for (const u of writes.updates) {
    add(byId.get(u.id)!, -1);
    add(u, 1);
  }
  for (const s of writes.inserts) add(s, 1);
  const rows = [...deltas.values()].filter((r) => r.sessions !== 0 || r.totalMs !== 0).sort((a, b) => a.day - b.day || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  if (rows.length === 0) return;
  tx.send(
    `INSERT INTO account_session_days AS s (project, day, account_id, sessions, total_ms)
      SELECT $1, * FROM unnest($2::int[], $3::text[], $4::int[], $5::bigint[])
      ON CONFLICT (project, day, account_id) DO UPDATE SET sessions = s.sessions + excluded.sessions, total_ms = s.total_ms + excluded.total_ms`,
    [project, rows.map((r) => r.day), rows.map((r) => r.accountId), rows.map((r) => r.sessions), rows.map((r) => r.totalMs)],
  );
}

/** What an erase must correct in the report rollups: the keys the erased users' rows counted in. */
export interface ErasedRollupKeys {
  accountDays: { day: number; account_id: string }[];
  nameDays: { day: number; event: string }[];
  sessionDays: { day: number; account_id: string }[];
}

/**
 * Reads (before the erased users' rows are deleted) the shared rollup keys they count in.
 * @example const keys = await readErasedRollupKeys(q); …delete…; await recomputeErasedRollups(q, keys)
 */
export async function readErasedRollupKeys(q: (sql: string) => Promise<pg.QueryResult>): Promise<ErasedRollupKeys> {
  const [accountDays, nameDays, sessionDays] = await Promise.all([
    q(`SELECT DISTINCT day, account_id FROM user_days WHERE project = $1 AND user_key = ANY($2::text[]) AND account_id <> ''`),
    q('SELECT DISTINCT day, event FROM feature_usage WHERE project = $1 AND user_key = ANY($2::text[])'),
    q(`SELECT DISTINCT ${SESSION_DAY_SQL} AS day, account_id FROM sessions WHERE project = $1 AND user_key = ANY($2::text[])`),
  ]);
  return { accountDays: accountDays.rows, nameDays: nameDays.rows, sessionDays: sessionDays.rows };
}

/**
 * Recomputes those keys' rows from what remains (after the erased users' rows are deleted), and
 * deletes the erased users' day sets.
 */
export async function recomputeErasedRollups(tx: Pipeline, project: string, keys: string[], erased: ErasedRollupKeys): Promise<void> {
  const once = { prepared: false };
  for (const table of ['user_day_sets', 'feature_day_sets']) {
    void tx.send(`DELETE FROM ${table} WHERE project = $1 AND user_key = ANY($2::text[])`, [project, keys], once);
  }
  const recompute = (table: string, key: [string, string], rows: Record<string, unknown>[], select: string) => {
    if (rows.length === 0) return;
    const params = [project, rows.map((r) => r[key[0]]), rows.map((r) => r[key[1]])];
    const k = `(${key[0]}, ${key[1]}) IN (SELECT * FROM unnest($2::int[], $3::text[]))`;
    void tx.send(`DELETE FROM ${table} WHERE project = $1 AND ${k}`, params, once);
    void tx.send(select.replace('$KEYS', k), params, once);
  };
  // In the order a batch writes them (sessions, account-days, names): an erase and a batch never wait on each other in a cycle.
  if (erased.sessionDays.length > 0) {
    const days = erased.sessionDays.map((r) => r.day);
    const params = [project, days, erased.sessionDays.map((r) => r.account_id)];
    void tx.send('DELETE FROM account_session_days WHERE project = $1 AND (day, account_id) IN (SELECT * FROM unnest($2::int[], $3::text[]))', params, once);
    void tx.send(
      `INSERT INTO account_session_days (project, day, account_id, sessions, total_ms)
        SELECT project, ${SESSION_DAY_SQL}, account_id, count(*), sum(end_ts - start_ts) FROM sessions
        WHERE project = $1 AND start_ts >= $4 AND start_ts < $5
          AND (${SESSION_DAY_SQL}, account_id) IN (SELECT * FROM unnest($2::int[], $3::text[])) GROUP BY 1, 2, 3`,
      [...params, Math.min(...days) * DAY_MS, (Math.max(...days) + 1) * DAY_MS],
      once,
    );
  }
  recompute('account_days', ['day', 'account_id'], erased.accountDays, `INSERT INTO account_days (project, day, account_id, active_users, last_seen)
    SELECT project, day, account_id, count(*), max(last_seen) FROM user_days WHERE project = $1 AND $KEYS GROUP BY project, day, account_id`);
  recompute('feature_name_days', ['day', 'event'], erased.nameDays, `INSERT INTO feature_name_days (project, day, event, count, first_ts, last_ts)
    SELECT project, day, event, sum(count), min(first_ts), max(last_ts) FROM feature_usage WHERE project = $1 AND $KEYS GROUP BY project, day, event`);
  await tx.settle();
}
