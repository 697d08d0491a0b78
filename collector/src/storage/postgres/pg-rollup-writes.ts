// Sends the profile and rollup writes of a batch's newly stored events: one multi-row statement per
// table, pipelined behind each other (the caller settles them with COMMIT). Rows of one user are
// read-modify-written under that user's advisory lock; rows shared between users (account-days)
// are only changed by atomic upserts in sorted key order.
import { accountColumns } from '../account-traits.js';
import { mergeTraits, NO_ACCOUNT, type BatchDeltas } from '../rollup-deltas.js';
import type { UserStateRow } from '../row-mappers.js';
import type { Pipeline } from './pg-pipeline.js';
import { sendDaySetWrites, sendFeatureNameDays, sendSessionDays } from './pg-report-rollups.js';
import { sendAccountNameDays } from './pg-account-name-days.js';
import { planSessionWrites, type SessionRow } from './session-merge.js';

/** PostgreSQL text cannot hold NUL: it is stored as U+FFFD. */
export const clean = <T extends string | null>(value: T): T =>
  value !== null && value.includes('\0') ? (value.replaceAll('\0', '\uFFFD') as T) : value;

/** Column arrays for `unnest`, one per field, in row order. */
export function columns<T>(rows: T[], ...fields: ((row: T) => unknown)[]): unknown[][] {
  return fields.map((f) => rows.map(f));
}

/** A user's stored state, with its key (a batch reads every user it touches in one statement). */
export interface UserDbRow extends UserStateRow {
  user_key: string;
}

export interface AccountTraitsRow {
  account_id: string;
  traits: string;
  trait_times: string;
}

/** What the batch read before writing, under its locks. */
export interface BatchReads {
  users: Map<string, UserDbRow>;
  /** In-batch last group of each user, after the batch. */
  lastGroup: Map<string, { groupId: string; ts: number } | null>;
  /** Traits rows of the accounts the batch's group calls name, row-locked. */
  accounts: Map<string, AccountTraitsRow>;
  /** Every stored session the batch can touch. */
  sessions: SessionRow[];
}

const ACCOUNT_ROWS_SQL = `SELECT account_id, traits, trait_times FROM accounts
  WHERE project = $1 AND account_id = ANY($2::text[]) ORDER BY account_id FOR UPDATE`;
const CREATE_ACCOUNTS_SQL = `INSERT INTO accounts (project, account_id, traits, trait_times)
  SELECT $1, a, '{}', '{}' FROM unnest($2::text[]) AS a ORDER BY a ON CONFLICT (project, account_id) DO NOTHING`;

/**
 * Creates (if missing) and row-locks the traits rows of these accounts, in sorted order.
 * @example sendAccountLocks(tx, 'demo', ['acme']) // → promise of the locked rows
 */
export function sendAccountLocks(tx: Pipeline, project: string, accountIds: string[]) {
  const ids = [...accountIds].sort();
  void tx.send(CREATE_ACCOUNTS_SQL, [project, ids]);
  return tx.send<AccountTraitsRow>(ACCOUNT_ROWS_SQL, [project, ids], { prepared: false });
}

/**
 * Sends every profile and rollup write of the deltas. Resolves once sent (after one extra read only
 * when a group call names an account that was not locked up front).
 * @example await sendRollupWrites(tx, 'demo', computeDeltas(stored), reads)
 */
export async function sendRollupWrites(tx: Pipeline, project: string, d: BatchDeltas, reads: BatchReads): Promise<void> {
  const send = (sql: string, params: unknown[]) => tx.send(sql, [project, ...params]);

  // Users: read under their lock, merged here, written whole.
  const userRows = [...d.users.values()].map((u) => {
    const row = reads.users.get(u.userKey);
    const traits: Record<string, unknown> = row ? JSON.parse(row.traits) : {};
    const times: Record<string, number> = row ? JSON.parse(row.trait_times) : {};
    for (const update of u.traitUpdates) mergeTraits(traits, times, update);
    const group = reads.lastGroup.get(u.userKey) ?? null;
    return {
      userKey: u.userKey, userId: u.userId ?? row?.user_id ?? null, traits: JSON.stringify(traits), times: JSON.stringify(times),
      groupId: group?.groupId ?? null, groupTs: group?.ts ?? null,
      firstSeen: Math.min(u.firstSeen, row?.first_seen ?? Infinity), lastSeen: Math.max(u.lastSeen, row?.last_seen ?? -Infinity),
    };
  });
  send(
    `INSERT INTO users (project, user_key, user_id, traits, trait_times, last_group_id, last_group_ts, first_seen, last_seen)
      SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[])
      ON CONFLICT (project, user_key) DO UPDATE SET user_id = excluded.user_id, traits = excluded.traits, trait_times = excluded.trait_times,
        last_group_id = excluded.last_group_id, last_group_ts = excluded.last_group_ts, first_seen = excluded.first_seen, last_seen = excluded.last_seen`,
    columns(userRows, (r) => r.userKey, (r) => r.userId, (r) => r.traits, (r) => r.times, (r) => r.groupId, (r) => r.groupTs, (r) => r.firstSeen, (r) => r.lastSeen),
  );

  await sendAccountTraits(tx, project, d, reads.accounts);

  // An account exists through its account_users rows (its first/last seen are their min/max), so
  // plain events of one account from different users never queue behind one shared row.
  if (d.accountUsers.size > 0) {
    send(
      `INSERT INTO account_users (project, account_id, user_key, first_seen, last_seen)
        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[])
        ON CONFLICT (project, account_id, user_key) DO UPDATE SET first_seen = LEAST(account_users.first_seen, excluded.first_seen),
          last_seen = GREATEST(account_users.last_seen, excluded.last_seen)
        WHERE excluded.first_seen < account_users.first_seen OR excluded.last_seen > account_users.last_seen`,
      columns([...d.accountUsers.values()], (r) => r.accountId, (r) => r.userKey, (r) => r.firstSeen, (r) => r.lastSeen),
    );
  }

  if (d.links.size > 0) {
    send(
      `INSERT INTO user_links (project, user_id, anonymous_id) SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      columns([...d.links.values()], (r) => r.userId, (r) => r.anonymousId),
    );
  }

  if (d.featureUsage.size > 0) {
    send(
      `INSERT INTO feature_usage (project, day, account_id, user_key, event, count, first_ts, last_ts)
        SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::bigint[])
        ON CONFLICT (project, day, account_id, user_key, event) DO UPDATE SET count = feature_usage.count + excluded.count,
          first_ts = LEAST(feature_usage.first_ts, excluded.first_ts), last_ts = GREATEST(feature_usage.last_ts, excluded.last_ts)`,
      columns([...d.featureUsage.values()], (r) => r.day, (r) => r.accountId, (r) => r.userKey, (r) => r.event, (r) => r.count, (r) => r.firstTs, (r) => r.lastTs),
    );
  }

  sendDaySetWrites(tx, project, d);

  if (d.firstEvents.size > 0) {
    send(
      `INSERT INTO first_events (project, event, account_id, user_key, first_ts)
        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[])
        ON CONFLICT (project, event, account_id, user_key) DO UPDATE SET first_ts = excluded.first_ts
        WHERE excluded.first_ts < first_events.first_ts`,
      columns([...d.firstEvents.values()], (r) => r.event, (r) => r.accountId, (r) => r.userKey, (r) => r.firstTs),
    );
  }

  if (d.surveyEvents.length > 0) {
    send(
      `INSERT INTO survey_events (project, message_id, kind, survey_id, survey_kind, response_id, user_key, account_id, score, comment, ts, choice)
        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::text[], $11::bigint[], $12::text[])
        ON CONFLICT DO NOTHING`,
      columns(
        d.surveyEvents,
        (r) => r.messageId, (r) => r.kind, (r) => clean(r.surveyId), (r) => r.surveyKind, (r) => clean(r.responseId), (r) => r.userKey,
        (r) => r.accountId ?? NO_ACCOUNT, (r) => r.score, (r) => clean(r.comment), (r) => r.timestamp, (r) => clean(r.choice),
      ),
    );
  }
  if (d.planChanges.length > 0) {
    send(
      `INSERT INTO plan_changes (project, message_id, account_id, plan, ts)
        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[]) ON CONFLICT DO NOTHING`,
      columns(d.planChanges, (r) => r.messageId, (r) => r.accountId, (r) => clean(r.plan), (r) => r.timestamp),
    );
  }
  // Rows every user of an account (or every account) shares go last, so their row locks are held
  // only until the COMMIT sent right behind them.
  sendSessionWrites(tx, project, d, reads.sessions);
  if (d.userDays.size > 0) {
    // A (day, user, account) row that is new adds one distinct active user to its account-day
    // (`xmax = 0` marks a row this statement inserted rather than updated).
    send(
      `WITH changed AS (
        INSERT INTO user_days (project, day, user_key, account_id, events, last_seen)
          SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::bigint[])
          ON CONFLICT (project, day, user_key, account_id) DO UPDATE SET events = user_days.events + excluded.events,
            last_seen = GREATEST(user_days.last_seen, excluded.last_seen)
          RETURNING day, account_id, last_seen, xmax = 0 AS inserted)
      INSERT INTO account_days AS a (project, day, account_id, active_users, last_seen)
        SELECT $1, day, account_id, count(*) FILTER (WHERE inserted), max(last_seen) FROM changed WHERE account_id <> ''
        GROUP BY day, account_id ORDER BY day, account_id
        ON CONFLICT (project, day, account_id) DO UPDATE SET active_users = a.active_users + excluded.active_users,
          last_seen = GREATEST(a.last_seen, excluded.last_seen)
        WHERE excluded.active_users > 0 OR excluded.last_seen > a.last_seen`,
      columns([...d.userDays.values()], (r) => r.day, (r) => r.userKey, (r) => r.accountId, (r) => r.events, (r) => r.lastSeen),
    );
  }
  sendFeatureNameDays(tx, project, d);
  sendAccountNameDays(tx, project, d);
}

/**
 * Accounts with `group` traits in the batch: merged into their locked traits rows. The rows were
 * created and locked up front; one erased meanwhile (GDPR erase of its last user) is created again.
 */
async function sendAccountTraits(tx: Pipeline, project: string, d: BatchDeltas, locked: Map<string, AccountTraitsRow>): Promise<void> {
  const updated = [...d.accounts.values()].filter((a) => a.traitUpdates.length > 0);
  if (updated.length === 0) return;
  const missing = updated.map((a) => a.accountId).filter((id) => !locked.has(id));
  if (missing.length > 0) for (const row of (await sendAccountLocks(tx, project, missing)).rows) locked.set(row.account_id, row);
  const merged = updated.map((a) => {
    const row = locked.get(a.accountId);
    const traits: Record<string, unknown> = row ? JSON.parse(row.traits) : {};
    const times: Record<string, number> = row ? JSON.parse(row.trait_times) : {};
    for (const update of a.traitUpdates) mergeTraits(traits, times, update);
    const c = accountColumns(traits);
    return { accountId: a.accountId, ...c, name: clean(c.name), plan: clean(c.plan), traits: JSON.stringify(traits), times: JSON.stringify(times) };
  });
  tx.send(
    `INSERT INTO accounts AS a (project, account_id, name, plan, seats, mrr, created_at, traits, trait_times)
      SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::bigint[], $8::text[], $9::text[])
      ON CONFLICT (project, account_id) DO UPDATE SET name = excluded.name, plan = excluded.plan, seats = excluded.seats,
        mrr = excluded.mrr, created_at = excluded.created_at, traits = excluded.traits, trait_times = excluded.trait_times`,
    [project, ...columns(merged, (r) => r.accountId, (r) => r.name, (r) => r.plan, (r) => r.seats, (r) => r.mrr, (r) => r.createdAt, (r) => r.traits, (r) => r.times)],
  );
}

/** Plans the session changes against the stored sessions read up front, and sends them. */
function sendSessionWrites(tx: Pipeline, project: string, d: BatchDeltas, stored: SessionRow[]): void {
  if (d.explicitSessions.size === 0 && d.implicitSessions.size === 0) return;
  const writes = planSessionWrites(stored, d);
  if (writes.deletes.length > 0) tx.send('DELETE FROM sessions WHERE id = ANY($1::bigint[])', [writes.deletes]);
  if (writes.updates.length > 0) {
    tx.send(
      `UPDATE sessions AS s SET account_id = u.account_id, start_ts = u.start_ts, end_ts = u.end_ts
        FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) AS u(id, account_id, start_ts, end_ts) WHERE s.id = u.id`,
      columns(writes.updates, (r) => r.id, (r) => r.accountId, (r) => r.start, (r) => r.end),
    );
  }
  if (writes.inserts.length > 0) {
    tx.send(
      `INSERT INTO sessions (project, user_key, session_id, account_id, start_ts, end_ts)
        SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])`,
      [project, ...columns(writes.inserts, (r) => r.userKey, (r) => r.sessionId, (r) => r.accountId, (r) => r.start, (r) => r.end)],
    );
  }
  // Shared by the account's users: sent last.
  sendSessionDays(tx, project, stored, writes);
}
