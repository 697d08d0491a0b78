// Writes one batch inside the caller's transaction in three round trips: (1) lock the batch's users
// and read what the batch depends on, (2) insert the raw events with their account, (3) send every
// profile and rollup write, which the caller settles together with COMMIT.
//
// Several collectors write at once, so every user of the batch is locked first (transaction-scoped
// advisory locks, taken in one sorted order so two batches never wait on each other in a cycle);
// whatever is read-modify-written per user (attribution, traits, sessions, first use) is then exact.
import type { IngestResult, NormalizedEvent, StoredEventRow } from '../store.js';
import { isActivityEvent } from '../store.js';
import { jsonOf } from '../serialized-json.js';
import { computeDeltas, SESSION_GAP_MS } from '../rollup-deltas.js';
import type { Pipeline } from './pg-pipeline.js';
import { clean, columns, sendAccountLocks, sendRollupWrites, type AccountTraitsRow, type UserDbRow } from './pg-rollup-writes.js';
import type { SessionRow } from './session-merge.js';

/** Thrown when the duplicate check and the insert disagree (a concurrent writer): rerun the transaction. */
export class BatchConflict extends Error {
  constructor() {
    super('an event of the batch was stored concurrently; rerun');
    this.name = 'BatchConflict';
  }
}

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
 * Sends the statement taking the transaction-scoped advisory locks of these names, in one global order.
 * @example await sendLocks(tx, [userLockName('demo', 'u1')])
 */
export function sendLocks(tx: Pipeline, names: string[]): Promise<unknown> {
  return tx.send(
    `SELECT count(pg_advisory_xact_lock(k)) FROM
      (SELECT DISTINCT hashtextextended(n, 0) AS k FROM unnest($1::text[]) AS n ORDER BY 1) AS keys`,
    [names],
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

/** Reads every stored session the batch's activity events can touch (a superset; duplicates included). */
function sendSessionRead(tx: Pipeline, project: string, events: NormalizedEvent[]) {
  const explicit = new Map<string, { userKey: string; sessionId: string }>();
  const implicit = new Map<string, { userKey: string; from: number; to: number }>();
  for (const e of events) {
    if (!isActivityEvent(e.type, e.event)) continue;
    if (e.sessionId !== null) explicit.set(`${e.userKey}\u0000${e.sessionId}`, { userKey: e.userKey, sessionId: e.sessionId });
    else {
      const range = implicit.get(e.userKey);
      if (!range) implicit.set(e.userKey, { userKey: e.userKey, from: e.timestamp - SESSION_GAP_MS, to: e.timestamp + SESSION_GAP_MS });
      else {
        range.from = Math.min(range.from, e.timestamp - SESSION_GAP_MS);
        range.to = Math.max(range.to, e.timestamp + SESSION_GAP_MS);
      }
    }
  }
  if (explicit.size === 0 && implicit.size === 0) return null;
  return tx.send<SessionDbRow>(
    `SELECT s.id, s.user_key, s.session_id, s.account_id, s.start_ts, s.end_ts
        FROM sessions s JOIN unnest($2::text[], $3::text[]) AS x(user_key, session_id)
          ON s.project = $1 AND s.user_key = x.user_key AND s.session_id = x.session_id
      UNION ALL
      SELECT s.id, s.user_key, s.session_id, s.account_id, s.start_ts, s.end_ts
        FROM sessions s JOIN unnest($4::text[], $5::bigint[], $6::bigint[]) AS i(user_key, lo, hi)
          ON s.project = $1 AND s.user_key = i.user_key AND s.session_id = '' AND s.end_ts > i.lo AND s.start_ts < i.hi
      ORDER BY id`,
    [project, ...columns([...explicit.values()], (x) => x.userKey, (x) => x.sessionId), ...columns([...implicit.values()], (i) => i.userKey, (i) => i.from, (i) => i.to)],
    { prepared: false },
  );
}

/**
 * Stores one batch inside a transaction; the rollup writes are left in flight for the caller to
 * settle with COMMIT. Events are attributed in batch order (a `group` call applies to the user's
 * later events); only newly inserted events update profiles and rollups.
 * @example const result = await writeBatch(tx, 'demo', events); tx.send('COMMIT'); await tx.settle();
 */
export async function writeBatch(tx: Pipeline, project: string, input: NormalizedEvent[]): Promise<IngestResult> {
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
  const events = unique.map(({ e }) => e);

  // ---- round trip 1: locks, then the reads, each seeing every earlier batch of these users ----
  const userKeys = [...new Set(events.map((e) => e.userKey))].sort();
  void sendLocks(tx, userKeys.map((k) => userLockName(project, k)));
  const userRows = tx.send<UserDbRow>(
    `SELECT user_key, user_id, traits, trait_times, last_group_id, last_group_ts, first_seen, last_seen
      FROM users WHERE project = $1 AND user_key = ANY($2::text[])`,
    [project, userKeys],
    { prepared: false },
  );
  // Which events are already stored only matters for attribution when the batch moves a user to a
  // group: a resent `group` call must not move the user again. Other batches skip this read.
  const groupCalls = events.filter((e) => e.type === 'group' && e.groupId !== null);
  const existingRows = groupCalls.length === 0 ? null : tx.send<{ message_id: string }>(
    'SELECT message_id FROM events WHERE project = $1 AND message_id = ANY($2::text[])',
    [project, events.map((e) => e.messageId)],
    { prepared: false },
  );
  const traitAccounts = [...new Set(groupCalls.filter((e) => e.traits).map((e) => e.groupId!))];
  const accountRows = traitAccounts.length === 0 ? null : sendAccountLocks(tx, project, traitAccounts);
  const sessionRows = sendSessionRead(tx, project, events);

  const users = new Map((await userRows).rows.map((r) => [r.user_key, r]));
  const existing = new Set(existingRows ? (await existingRows).rows.map((r) => r.message_id) : []);
  const accounts = new Map<string, AccountTraitsRow>(accountRows ? (await accountRows).rows.map((r) => [r.account_id, r]) : []);
  const sessions: SessionRow[] = sessionRows
    ? (await sessionRows).rows.map((r) => ({ id: r.id, userKey: r.user_key, sessionId: r.session_id, accountId: r.account_id, start: r.start_ts, end: r.end_ts }))
    : [];

  // ---- attribution in batch order, from each user's stored last group ----
  const lastGroup = new Map<string, { groupId: string; ts: number } | null>();
  const groupOf = (userKey: string) => {
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

  // ---- round trip 2: the raw events; the unique key decides what is new ----
  const stored = await insertEvents(tx, project, candidates);
  if (stored.length < candidates.length) {
    // Attribution assumed these were new; only possible when another writer stored one of them.
    if (groupCalls.length > 0) throw new BatchConflict();
    const kept = new Set(stored);
    for (const c of candidates) if (!kept.has(c)) duplicateIndexes.push(c.index);
  }

  // ---- round trip 3 (settled by the caller with COMMIT): profiles and rollups ----
  if (stored.length > 0) await sendRollupWrites(tx, project, computeDeltas(stored), { users, lastGroup, accounts, sessions });
  return { accepted: stored.length, duplicateIndexes: duplicateIndexes.sort((a, b) => a - b) };
}

async function insertEvents<T extends StoredEventRow>(tx: Pipeline, project: string, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return [];
  const result = await tx.send<{ message_id: string }>(
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
        (r) => jsonOf(r, 'properties'), (r) => jsonOf(r, 'traits'), (r) => jsonOf(r, 'context'),
      ),
    ],
  );
  if (result.rows.length === rows.length) return rows;
  const inserted = new Set(result.rows.map((r) => r.message_id));
  return rows.filter((r) => inserted.has(r.messageId));
}
