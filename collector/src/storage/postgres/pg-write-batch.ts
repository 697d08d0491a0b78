// Writes one batch inside the caller's transaction: raw events with account attribution, then the
// profile and rollup rows of the newly stored events, each table in one multi-row statement.
//
// Several collectors write at once, so: every user of the batch is locked first (transaction-scoped
// advisory locks, taken in one sorted order so two batches never wait on each other in a cycle);
// whatever is read-modify-written per user (attribution, traits, sessions, first use) is then exact.
// Rows shared between users are only changed by atomic upserts (`ON CONFLICT DO UPDATE` with
// increments, LEAST/GREATEST), in sorted key order.
import type pg from 'pg';
import { accountColumns } from '../account-traits.js';
import type { IngestResult, NormalizedEvent, StoredEventRow } from '../store.js';
import { toJson } from '../serialized-json.js';
import { computeDeltas, mergeTraits, NO_ACCOUNT, type BatchDeltas } from '../sqlite/rollup-deltas.js';
import { planSessionWrites, type SessionRow } from './session-merge.js';

/** Thrown when the duplicate check and the insert disagree (a concurrent writer): rerun the transaction. */
export class BatchConflict extends Error {
  constructor() {
    super('an event of the batch was stored concurrently; rerun');
    this.name = 'BatchConflict';
  }
}

interface UserDbRow {
  user_key: string;
  user_id: string | null;
  traits: string;
  trait_times: string;
  last_group_id: string | null;
  last_group_ts: number | null;
  first_seen: number;
  last_seen: number;
}

type LastGroup = { groupId: string; ts: number } | null;

/** PostgreSQL text cannot hold NUL: it is stored as U+FFFD. */
const clean = <T extends string | null>(value: T): T => (value !== null && value.includes('\0') ? (value.replaceAll('\0', '\uFFFD') as T) : value);

function cleanEvent(e: NormalizedEvent): NormalizedEvent {
  const fields = [e.messageId, e.event, e.userId, e.anonymousId, e.userKey, e.groupId, e.sessionId];
  if (!fields.some((f) => f !== null && f.includes('\0'))) return e;
  return {
    ...e,
    messageId: clean(e.messageId),
    event: clean(e.event),
    userId: clean(e.userId),
    anonymousId: clean(e.anonymousId),
    userKey: clean(e.userKey),
    groupId: clean(e.groupId),
    sessionId: clean(e.sessionId),
  };
}

/** The advisory lock name of one user of a project (hashed to a bigint in SQL). */
export const userLockName = (project: string, userKey: string): string => `${project}\u001f${userKey}`;

/**
 * Takes the transaction-scoped advisory locks of the given names, in one global order.
 * @example await lockNames(client, [userLockName('demo', 'u1')])
 */
export async function lockNames(client: pg.ClientBase, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await client.query(
    `SELECT count(pg_advisory_xact_lock(k)) FROM
      (SELECT DISTINCT hashtextextended(n, 0) AS k FROM unnest($1::text[]) AS n ORDER BY 1) AS keys`,
    [names],
  );
}

/** Column arrays for `unnest`, one per field, in row order. */
function columns<T>(rows: T[], ...fields: ((row: T) => unknown)[]): unknown[][] {
  return fields.map((f) => rows.map(f));
}

/**
 * Stores one batch: call inside a transaction. Events are attributed in batch order (a `group` call
 * applies to the user's later events); only newly inserted events update profiles and rollups.
 * @example await writeBatch(client, 'demo', events)
 */
export async function writeBatch(client: pg.ClientBase, project: string, input: NormalizedEvent[]): Promise<IngestResult> {
  const duplicateIndexes: number[] = [];
  const seen = new Set<string>();
  const unique: { e: NormalizedEvent; index: number }[] = [];
  input.forEach((raw, index) => {
    const e = cleanEvent(raw);
    if (seen.has(e.messageId)) duplicateIndexes.push(index);
    else {
      seen.add(e.messageId);
      unique.push({ e, index });
    }
  });

  const userKeys = [...new Set(unique.map(({ e }) => e.userKey))].sort();
  await lockNames(client, userKeys.map((k) => userLockName(project, k)));

  const users = new Map<string, UserDbRow>();
  const userRows = await client.query<UserDbRow>(
    `SELECT user_key, user_id, traits, trait_times, last_group_id, last_group_ts, first_seen, last_seen
      FROM users WHERE project = $1 AND user_key = ANY($2::text[])`,
    [project, userKeys],
  );
  for (const row of userRows.rows) users.set(row.user_key, row);

  // Which events are already stored only matters for attribution when the batch moves a user to a
  // group: a resent `group` call must not move the user again. Other batches skip this read.
  const hasGroupCall = unique.some(({ e }) => e.type === 'group' && e.groupId !== null);
  const existing = new Set<string>();
  if (hasGroupCall) {
    const found = await client.query<{ message_id: string }>(
      'SELECT message_id FROM events WHERE project = $1 AND message_id = ANY($2::text[])',
      [project, unique.map(({ e }) => e.messageId)],
    );
    for (const row of found.rows) existing.add(row.message_id);
  }

  /** In-batch view of each user's last group: starts from the stored one. */
  const lastGroup = new Map<string, LastGroup>();
  const groupOf = (userKey: string): LastGroup => {
    if (!lastGroup.has(userKey)) {
      const u = users.get(userKey);
      lastGroup.set(userKey, u?.last_group_id != null ? { groupId: u.last_group_id, ts: u.last_group_ts ?? 0 } : null);
    }
    return lastGroup.get(userKey)!;
  };
  const candidates: (StoredEventRow & { index: number })[] = [];
  for (const { e, index } of unique) {
    if (existing.has(e.messageId)) {
      duplicateIndexes.push(index);
      continue;
    }
    const previous = groupOf(e.userKey);
    candidates.push({ ...e, accountId: e.groupId ?? previous?.groupId ?? null, index });
    // A late-arriving older group call does not move the user back to a previous account.
    if (e.type === 'group' && e.groupId !== null && (!previous || e.timestamp >= previous.ts)) {
      lastGroup.set(e.userKey, { groupId: e.groupId, ts: e.timestamp });
    }
  }

  const stored = await insertEvents(client, project, candidates);
  if (stored.length < candidates.length) {
    if (hasGroupCall) throw new BatchConflict();
    const kept = new Set(stored);
    for (const c of candidates) if (!kept.has(c)) duplicateIndexes.push(c.index);
  }
  if (stored.length > 0) await applyDeltas(client, project, computeDeltas(stored), users, lastGroup);
  return { accepted: stored.length, duplicateIndexes: duplicateIndexes.sort((a, b) => a - b) };
}

async function insertEvents<T extends StoredEventRow>(client: pg.ClientBase, project: string, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return [];
  const result = await client.query<{ message_id: string }>(
    `INSERT INTO events (project, message_id, type, event, user_id, anonymous_id, user_key, group_id, account_id, ts, received_at,
        session_id, properties, traits, context)
      SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
        $10::bigint[], $11::bigint[], $12::text[], $13::text[], $14::text[], $15::text[])
      ON CONFLICT (project, message_id) DO NOTHING
      RETURNING message_id`,
    [
      project,
      ...columns(
        rows,
        (r) => r.messageId, (r) => r.type, (r) => r.event, (r) => r.userId, (r) => r.anonymousId, (r) => r.userKey, (r) => r.groupId,
        (r) => r.accountId, (r) => r.timestamp, (r) => r.receivedAt, (r) => r.sessionId,
        (r) => toJson(r.properties), (r) => toJson(r.traits), (r) => toJson(r.context),
      ),
    ],
  );
  if (result.rows.length === rows.length) return rows;
  const inserted = new Set(result.rows.map((r) => r.message_id));
  return rows.filter((r) => inserted.has(r.messageId));
}

async function applyDeltas(
  client: pg.ClientBase,
  project: string,
  d: BatchDeltas,
  users: Map<string, UserDbRow>,
  lastGroup: Map<string, LastGroup>,
): Promise<void> {
  const q = (sql: string, params: unknown[]) => client.query(sql, [project, ...params]);
  const byKey = <T>(rows: Iterable<T>, key: (r: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

  // Users: read under their lock above, merged here, written whole.
  const userRows = [...d.users.values()].map((u) => {
    const row = users.get(u.userKey);
    const traits: Record<string, unknown> = row ? JSON.parse(row.traits) : {};
    const times: Record<string, number> = row ? JSON.parse(row.trait_times) : {};
    for (const update of u.traitUpdates) mergeTraits(traits, times, update);
    const group = lastGroup.get(u.userKey) ?? null;
    return {
      userKey: u.userKey, userId: clean(u.userId ?? row?.user_id ?? null), traits: JSON.stringify(traits), times: JSON.stringify(times),
      groupId: group?.groupId ?? null, groupTs: group?.ts ?? null,
      firstSeen: Math.min(u.firstSeen, row?.first_seen ?? Infinity), lastSeen: Math.max(u.lastSeen, row?.last_seen ?? -Infinity),
    };
  });
  await q(
    `INSERT INTO users (project, user_key, user_id, traits, trait_times, last_group_id, last_group_ts, first_seen, last_seen)
      SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[])
      ON CONFLICT (project, user_key) DO UPDATE SET user_id = excluded.user_id, traits = excluded.traits, trait_times = excluded.trait_times,
        last_group_id = excluded.last_group_id, last_group_ts = excluded.last_group_ts, first_seen = excluded.first_seen, last_seen = excluded.last_seen`,
    columns(userRows, (r) => r.userKey, (r) => r.userId, (r) => r.traits, (r) => r.times, (r) => r.groupId, (r) => r.groupTs, (r) => r.firstSeen, (r) => r.lastSeen),
  );

  // Accounts: an account exists through its account_users rows (first/last seen are their min/max),
  // so plain events of one account from different users never queue behind one shared row; the
  // accounts row holds `group` traits only.
  if (d.accounts.size > 0) {
    await mergeAccountTraits(client, project, d);
    const accountUsers = byKey(d.accountUsers.values(), (r) => `${r.accountId}\u0000${r.userKey}`);
    await q(
      `INSERT INTO account_users (project, account_id, user_key, first_seen, last_seen)
        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[])
        ON CONFLICT (project, account_id, user_key) DO UPDATE SET first_seen = LEAST(account_users.first_seen, excluded.first_seen),
          last_seen = GREATEST(account_users.last_seen, excluded.last_seen)
        WHERE excluded.first_seen < account_users.first_seen OR excluded.last_seen > account_users.last_seen`,
      columns(accountUsers, (r) => r.accountId, (r) => r.userKey, (r) => r.firstSeen, (r) => r.lastSeen),
    );
  }

  if (d.links.size > 0) {
    await q(
      `INSERT INTO user_links (project, user_id, anonymous_id) SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      columns([...d.links.values()], (r) => r.userId, (r) => r.anonymousId),
    );
  }

  if (d.userDays.size > 0) {
    // A (day, user, account) row that is new adds one distinct active user to its account-day
    // (`xmax = 0` marks a row this statement inserted rather than updated).
    const userDays = [...d.userDays.values()];
    await q(
      `WITH changed AS (
        INSERT INTO user_days (project, day, user_key, account_id, events, last_seen)
          SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::bigint[])
          ON CONFLICT (project, day, user_key, account_id) DO UPDATE SET events = user_days.events + excluded.events,
            last_seen = GREATEST(user_days.last_seen, excluded.last_seen)
          RETURNING day, account_id, xmax = 0 AS inserted)
      INSERT INTO account_days (project, day, account_id, active_users)
        SELECT $1, day, account_id, count(*) FROM changed WHERE inserted AND account_id <> '' GROUP BY day, account_id ORDER BY day, account_id
        ON CONFLICT (project, day, account_id) DO UPDATE SET active_users = account_days.active_users + excluded.active_users`,
      columns(userDays, (r) => r.day, (r) => r.userKey, (r) => r.accountId, (r) => r.events, (r) => r.lastSeen),
    );
  }

  if (d.featureUsage.size > 0) {
    await q(
      `INSERT INTO feature_usage (project, day, account_id, user_key, event, count, first_ts, last_ts)
        SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::bigint[])
        ON CONFLICT (project, day, account_id, user_key, event) DO UPDATE SET count = feature_usage.count + excluded.count,
          first_ts = LEAST(feature_usage.first_ts, excluded.first_ts), last_ts = GREATEST(feature_usage.last_ts, excluded.last_ts)`,
      columns([...d.featureUsage.values()], (r) => r.day, (r) => r.accountId, (r) => r.userKey, (r) => r.event, (r) => r.count, (r) => r.firstTs, (r) => r.lastTs),
    );
  }

  if (d.firstEvents.size > 0) {
    await q(
      `INSERT INTO first_events (project, event, account_id, user_key, first_ts)
        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[])
        ON CONFLICT (project, event, account_id, user_key) DO UPDATE SET first_ts = excluded.first_ts
        WHERE excluded.first_ts < first_events.first_ts`,
      columns([...d.firstEvents.values()], (r) => r.event, (r) => r.accountId, (r) => r.userKey, (r) => r.firstTs),
    );
  }

  if (d.explicitSessions.size > 0 || d.implicitSessions.size > 0) await writeSessions(client, project, d);

  if (d.surveyEvents.length > 0) {
    await q(
      `INSERT INTO survey_events (project, message_id, kind, survey_id, survey_kind, response_id, user_key, account_id, score, comment, ts)
        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::text[], $11::bigint[])
        ON CONFLICT DO NOTHING`,
      columns(
        d.surveyEvents,
        (r) => r.messageId, (r) => r.kind, (r) => clean(r.surveyId), (r) => r.surveyKind, (r) => clean(r.responseId), (r) => r.userKey,
        (r) => r.accountId ?? NO_ACCOUNT, (r) => r.score, (r) => clean(r.comment), (r) => r.timestamp,
      ),
    );
  }
  if (d.planChanges.length > 0) {
    await q(
      `INSERT INTO plan_changes (project, message_id, account_id, plan, ts)
        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) ON CONFLICT DO NOTHING`,
      columns(d.planChanges, (r) => r.messageId, (r) => r.accountId, (r) => clean(r.plan), (r) => r.timestamp),
    );
  }
}

/**
 * Accounts with `group` traits in the batch: created if missing, row-locked in sorted order, merged,
 * written back. A row erased meanwhile (GDPR erase of its last user) reruns the transaction.
 */
async function mergeAccountTraits(client: pg.ClientBase, project: string, d: BatchDeltas): Promise<void> {
  const updated = [...d.accounts.values()].filter((a) => a.traitUpdates.length > 0);
  if (updated.length === 0) return;
  const ids = updated.map((a) => a.accountId).sort();
  await client.query(
    `INSERT INTO accounts (project, account_id, traits, trait_times)
      SELECT $1, a, '{}', '{}' FROM unnest($2::text[]) AS a ORDER BY a ON CONFLICT (project, account_id) DO NOTHING`,
    [project, ids],
  );
  const current = await client.query<{ account_id: string; traits: string; trait_times: string }>(
    `SELECT account_id, traits, trait_times FROM accounts WHERE project = $1 AND account_id = ANY($2::text[])
      ORDER BY account_id FOR UPDATE`,
    [project, ids],
  );
  if (current.rows.length < ids.length) throw new BatchConflict();
  const rows = new Map(current.rows.map((r) => [r.account_id, r]));
  const merged = updated.map((a) => {
    const row = rows.get(a.accountId)!;
    const traits: Record<string, unknown> = JSON.parse(row.traits);
    const times: Record<string, number> = JSON.parse(row.trait_times);
    for (const update of a.traitUpdates) mergeTraits(traits, times, update);
    const c = accountColumns(traits);
    return { accountId: a.accountId, ...c, name: clean(c.name), plan: clean(c.plan), traits: JSON.stringify(traits), times: JSON.stringify(times) };
  });
  await client.query(
    `UPDATE accounts AS a SET name = m.name, plan = m.plan, seats = m.seats, mrr = m.mrr, created_at = m.created_at,
        traits = m.traits, trait_times = m.trait_times
      FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::bigint[], $8::text[], $9::text[])
        AS m(account_id, name, plan, seats, mrr, created_at, traits, trait_times)
      WHERE a.project = $1 AND a.account_id = m.account_id`,
    [project, ...columns(merged, (r) => r.accountId, (r) => r.name, (r) => r.plan, (r) => r.seats, (r) => r.mrr, (r) => r.createdAt, (r) => r.traits, (r) => r.times)],
  );
}

interface SessionDbRow {
  id: number;
  user_key: string;
  session_id: string;
  account_id: string;
  start_ts: number;
  end_ts: number;
}

/** Reads the sessions the batch can touch (all of them belong to locked users), plans, writes. */
async function writeSessions(client: pg.ClientBase, project: string, d: BatchDeltas): Promise<void> {
  const explicit = [...d.explicitSessions.values()];
  const implicit = [...d.implicitSessions].map(([userKey, spans]) => ({
    userKey,
    from: Math.min(...spans.map((s) => s.start)) - 30 * 60_000,
    to: Math.max(...spans.map((s) => s.end)) + 30 * 60_000,
  }));
  const found = await client.query<SessionDbRow>(
    `SELECT s.id, s.user_key, s.session_id, s.account_id, s.start_ts, s.end_ts
        FROM sessions s JOIN unnest($2::text[], $3::text[]) AS x(user_key, session_id)
          ON s.project = $1 AND s.user_key = x.user_key AND s.session_id = x.session_id
      UNION
      SELECT s.id, s.user_key, s.session_id, s.account_id, s.start_ts, s.end_ts
        FROM sessions s JOIN unnest($4::text[], $5::bigint[], $6::bigint[]) AS i(user_key, lo, hi)
          ON s.project = $1 AND s.user_key = i.user_key AND s.session_id = '' AND s.end_ts > i.lo AND s.start_ts < i.hi
      ORDER BY id`,
    [project, ...columns(explicit, (x) => x.userKey, (x) => x.sessionId), ...columns(implicit, (i) => i.userKey, (i) => i.from, (i) => i.to)],
  );
  const stored: SessionRow[] = found.rows.map((r) => ({ id: r.id, userKey: r.user_key, sessionId: r.session_id, accountId: r.account_id, start: r.start_ts, end: r.end_ts }));
  const writes = planSessionWrites(stored, d);
  if (writes.deletes.length > 0) await client.query('DELETE FROM sessions WHERE id = ANY($1::bigint[])', [writes.deletes]);
  if (writes.updates.length > 0) {
    await client.query(
      `UPDATE sessions AS s SET account_id = u.account_id, start_ts = u.start_ts, end_ts = u.end_ts
        FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) AS u(id, account_id, start_ts, end_ts) WHERE s.id = u.id`,
      columns(writes.updates, (r) => r.id, (r) => r.accountId, (r) => r.start, (r) => r.end),
    );
  }
  if (writes.inserts.length > 0) {
    await client.query(
      `INSERT INTO sessions (project, user_key, session_id, account_id, start_ts, end_ts)
        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])`,
      [project, ...columns(writes.inserts, (r) => r.userKey, (r) => r.sessionId, (r) => r.accountId, (r) => r.start, (r) => r.end)],
    );
  }
}
