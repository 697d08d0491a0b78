// Writes one batch inside the caller's transaction: raw events with account attribution, then the
// profile and rollup rows of the newly stored events (duplicates change nothing).
import type { Database, Statement } from 'better-sqlite3';
import type { IngestResult, NormalizedEvent, StoredEventRow } from '../store.js';
import { accountColumns } from '../account-traits.js';
import { featureUseByAccountDay, featureUseByName, firstEventKey, mergeTraits, NO_ACCOUNT, SESSION_GAP_MS, type BatchDeltas, type SpanDelta } from '../rollup-deltas.js';
import { dayOf, isFeatureEvent } from '../store.js';
import { dayBitmap, recentDays, type DayBitmap } from '../day-bitmap.js';
import type { UserStateRow } from '../row-mappers.js';
import { rawEventWriter } from './compact-events.js';
import { AccountFeatureDayDeltas, prepareAccountFeatureDaysUpsert } from './account-feature-days.js';
import { prepareFeatureWeekUpsert, writeFeatureWeeks } from './feature-weeks.js';

type UserRow = UserStateRow;

interface AccountRow {
  traits: string;
  trait_times: string;
  first_seen: number;
  last_seen: number;
}

interface SessionRow {
  id: number;
  account_id: string;
  start_ts: number;
  end_ts: number;
}

/** SET clause of an upsert into a day-bitmap table: the stored days and the row's days, merged (SQL reads old values). */
const MERGE_DAY_BITS = `days = day_bits_merge(days, first_day, excluded.days, excluded.first_day),
  recent = day_bits_recent(day_bits_merge(days, first_day, excluded.days, excluded.first_day), min(first_day, excluded.first_day), max(last_day, excluded.last_day)),
  first_day = min(first_day, excluded.first_day), last_day = max(last_day, excluded.last_day)`;

/** first_day, last_day, days and recent column values of a new day-bitmap row. */
const bitmapColumns = (b: DayBitmap): [number, number, Buffer, bigint] => [
  b.firstDay, b.lastDay, Buffer.from(b.bits.buffer, b.bits.byteOffset, b.bits.length), recentDays(b.bits, b.firstDay, b.lastDay),
];

/** Prepared statements of the write path (prepared once per connection). */
export type WriteStatements = ReturnType<typeof prepareWriteStatements>;

export function prepareWriteStatements(db: Database, options: { bulk?: boolean } = {}) {
  return {
    insertEvent: rawEventWriter(db, { newSessionsLikely: options.bulk ?? false }),
    getUser: db.prepare(`SELECT user_id, traits, trait_times, last_group_id, last_group_ts, first_seen, last_seen
      FROM users WHERE project = ? AND user_key = ?`) as Statement<[string, string], UserRow>,
    upsertUser: db.prepare(`INSERT INTO users (project, user_key, user_id, traits, trait_times, last_group_id, last_group_ts, first_seen, last_seen)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project, user_key) DO UPDATE SET user_id = excluded.user_id, traits = excluded.traits,
        trait_times = excluded.trait_times, last_group_id = excluded.last_group_id, last_group_ts = excluded.last_group_ts,
        first_seen = excluded.first_seen, last_seen = excluded.last_seen`),
    getAccount: db.prepare(`SELECT traits, trait_times, first_seen, last_seen FROM accounts WHERE project = ? AND account_id = ?`) as Statement<[string, string], AccountRow>,
    upsertAccount: db.prepare(`INSERT INTO accounts (project, account_id, name, plan, seats, mrr, created_at, traits, trait_times, first_seen, last_seen)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project, account_id) DO UPDATE SET name = excluded.name, plan = excluded.plan, seats = excluded.seats,
        mrr = excluded.mrr, created_at = excluded.created_at, traits = excluded.traits, trait_times = excluded.trait_times,
        first_seen = excluded.first_seen, last_seen = excluded.last_seen`),
    upsertAccountUser: db.prepare(`INSERT INTO account_users (project, account_id, user_key, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (project, account_id, user_key) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)
      WHERE excluded.first_seen < first_seen OR excluded.last_seen > last_seen`),
    insertLink: db.prepare(`INSERT OR IGNORE INTO user_links (project, user_id, anonymous_id) VALUES (?, ?, ?)`),
    // RETURNING the count after the write: equal to the batch's own count exactly when the row is new
    // (a stored row holds at least one event), which is when the day bitmaps need this day.
    upsertUserDay: db.prepare(`INSERT INTO user_days (project, day, user_key, account_id, events, last_seen) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (project, day, user_key, account_id) DO UPDATE SET events = events + excluded.events, last_seen = max(last_seen, excluded.last_seen)
      RETURNING events`).pluck() as Statement<[string, number, string, string, number, number], number>,
    // Bulk mode (`newRowsLikely`): a new row first, without RETURNING (which cost ~7 µs more per row than
    // the insert itself); only a row already stored goes on to the RETURNING upsert. `changes` 1 = new.
    // Live batches mostly add to rows of today, so they go straight to the upsert.
    insertUserDay: db.prepare(`INSERT INTO user_days (project, day, user_key, account_id, events, last_seen) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (project, day, user_key, account_id) DO NOTHING`),
    insertFeatureUsage: db.prepare(`INSERT INTO feature_usage (project, day, account_id, user_key, event, count, first_ts, last_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project, day, account_id, user_key, event) DO NOTHING`),
    insertFeatureDay: db.prepare(`INSERT INTO feature_days (project, day, account_id, event, count, first_ts, last_ts) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project, day, account_id, event) DO NOTHING`),
    upsertAccountDay: db.prepare(`INSERT INTO account_days (project, day, account_id, active_users, last_seen) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (project, day, account_id) DO UPDATE SET active_users = active_users + excluded.active_users, last_seen = max(last_seen, excluded.last_seen)`),
    upsertUserActivity: db.prepare(`INSERT INTO user_activity (project, account_id, user_key, first_day, last_day, days, recent) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project, account_id, user_key) DO UPDATE SET ${MERGE_DAY_BITS}`),
    upsertFeatureUsage: db.prepare(`INSERT INTO feature_usage (project, day, account_id, user_key, event, count, first_ts, last_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project, day, account_id, user_key, event) DO UPDATE SET count = count + excluded.count,
        first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)
      RETURNING count, first_ts`).raw() as Statement<[string, number, string, string, string, number, number, number], [number, number]>,
    addSessionDay: db.prepare(`INSERT INTO session_days (project, day, account_id, sessions, total_ms) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (project, day, account_id) DO UPDATE SET sessions = sessions + excluded.sessions, total_ms = total_ms + excluded.total_ms`),
    upsertFeatureUserDays: db.prepare(`INSERT INTO feature_user_days (project, account_id, user_key, event, first_day, last_day, days, recent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project, account_id, user_key, event) DO UPDATE SET ${MERGE_DAY_BITS}`),
    // RETURNING the count after the write: equal to the batch's own count exactly when the (day, account, name) is new.
    upsertFeatureDay: db.prepare(`INSERT INTO feature_days (project, day, account_id, event, count, first_ts, last_ts) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (project, day, account_id, event) DO UPDATE SET count = count + excluded.count,
        first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)
      RETURNING count`).pluck() as Statement<[string, number, string, string, number, number, number], number>,
    upsertAccountFeatureDays: prepareAccountFeatureDaysUpsert(db),
    upsertFeatureWeek: prepareFeatureWeekUpsert(db),
    upsertFeatureEventDay: db.prepare(`INSERT INTO feature_event_days (project, day, event, count, first_ts, last_ts) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (project, day, event) DO UPDATE SET count = count + excluded.count,
        first_ts = min(first_ts, excluded.first_ts), last_ts = max(last_ts, excluded.last_ts)`),
    upsertFirstEvent: db.prepare(`INSERT INTO first_events (project, event, account_id, user_key, first_ts) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (project, event, account_id, user_key) DO UPDATE SET first_ts = excluded.first_ts WHERE excluded.first_ts < first_ts`),
    findExplicitSession: db.prepare(`SELECT id, account_id, start_ts, end_ts FROM sessions WHERE project = ? AND user_key = ? AND session_id = ?`) as Statement<[string, string, string], SessionRow>,
    /** Implicit sessions whose [start − gap, end + gap] strictly overlaps a span. */
    // INDEXED BY: left alone, SQLite could pick another index and scan every earlier session of the project (quadratic ingest).
    findImplicitSessions: db.prepare(`SELECT id, account_id, start_ts, end_ts FROM sessions INDEXED BY sessions_by_user
      WHERE project = ? AND user_key = ? AND session_id = '' AND end_ts > ? AND start_ts < ? ORDER BY start_ts, id`) as Statement<[string, string, number, number], SessionRow>,
    insertSession: db.prepare(`INSERT INTO sessions (project, user_key, session_id, account_id, start_ts, end_ts) VALUES (?, ?, ?, ?, ?, ?)`),
    updateSession: db.prepare(`UPDATE sessions SET account_id = ?, start_ts = ?, end_ts = ? WHERE id = ?`),
    deleteSession: db.prepare(`DELETE FROM sessions WHERE id = ?`),
    insertSurveyEvent: db.prepare(`INSERT OR IGNORE INTO survey_events
      (project, message_id, kind, survey_id, survey_kind, response_id, user_key, account_id, score, comment, ts, choice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertPlanChange: db.prepare(`INSERT OR IGNORE INTO plan_changes (project, message_id, account_id, plan, ts) VALUES (?, ?, ?, ?, ?)`),
  };
}

/**
 * Stores one batch: call inside a transaction. The dictionary ids `s.insertEvent` holds must be valid
 * in it: its caller resets them after a rollback, and whenever another connection may have erased
 * entries (group-commit.ts, bulk-writer-thread.ts). Events are attributed in batch order (a `group` call
 * applies to the user's later events); only newly inserted events update profiles and rollups.
 * Properties, traits and context are stored as their `json` text when the event carries it (see
 * `slimForWriter`). Each newly stored event object gets its `accountId` set, and goes to `deferred`,
 * whose owner writes the rollups before the commit (deferred-rollups.ts).
 * @example db.transaction(() => writeBatch(stmts, 'demo', events, rollups))()
 */
export function writeBatch(s: WriteStatements, project: string, events: NormalizedEvent[], deferred: DeferredRollups): IngestResult {
  const users = deferred.users;
  const userOf = (userKey: string): UserRow | null => {
    if (!users.has(userKey)) users.set(userKey, s.getUser.get(project, userKey) ?? null);
    return users.get(userKey)!;
  };
  /** In-batch view of each user's last group: starts from the stored one. */
  const lastGroup = deferred.lastGroup;
  const groupOf = (userKey: string) => {
    if (!lastGroup.has(userKey)) {
      const u = userOf(userKey);
      lastGroup.set(userKey, u?.last_group_id != null ? { groupId: u.last_group_id, ts: u.last_group_ts ?? 0 } : null);
    }
    return lastGroup.get(userKey)!;
  };

  const stored: StoredEventRow[] = [];
  const duplicateIndexes: number[] = [];
  /** Each last group this batch's group calls replaced, in order: unwound to put them back. */
  const replaced: [string, { groupId: string; ts: number } | null][] = [];
  const unwind = (to: number) => {
    while (replaced.length > to) {
      const [userKey, before] = replaced.pop()!;
      lastGroup.set(userKey, before);
    }
  };
  /** The account of an event: its groupId, else its user's last group call; a newer group call moves the user. */
  const attribute = (e: NormalizedEvent): string | null => {
    const previousGroup = groupOf(e.userKey);
    // A late-arriving older group call does not move the user back to a previous account.
    if (e.type === 'group' && e.groupId !== null && (!previousGroup || e.timestamp >= previousGroup.ts)) {
      replaced.push([e.userKey, previousGroup]);
      lastGroup.set(e.userKey, { groupId: e.groupId, ts: e.timestamp });
    }
    return e.groupId ?? previousGroup?.groupId ?? null;
  };
  // The event itself gets its account: a copy per event (`{ ...e, accountId }`) cost the writer ~15 % of its time.
  const keep = (e: NormalizedEvent, accountId: string | null) => {
    const row = e as StoredEventRow;
    row.accountId = accountId;
    stored.push(row);
  };
  const storeOne = (index: number) => {
    const e = events[index];
    const mark = replaced.length;
    const accountId = attribute(e);
    if (s.insertEvent.run(project, e, accountId).changes === 1) keep(e, accountId);
    else {
      // A duplicate (stored before) changes nothing, not even its user's last group.
      unwind(mark);
      duplicateIndexes.push(index);
    }
  };
  try {
    // Runs of APPEND_RUN events in one statement when none is stored yet and they follow the stored ones
    // in time (a history or export in time order, live appends); any other run goes one by one.
    for (let from = 0; from < events.length; from += APPEND_RUN) {
      const to = Math.min(events.length, from + APPEND_RUN);
      const mark = replaced.length;
      const accountIds: (string | null)[] = [];
      for (let i = from; i < to; i++) accountIds.push(attribute(events[i]));
      if (s.insertEvent.runMany(project, events, from, to, accountIds)) {
        for (let i = from; i < to; i++) keep(events[i], accountIds[i - from]);
        continue;
      }
      // Taken one by one: the run's group calls are put back first.
      unwind(mark);
      for (let i = from; i < to; i++) storeOne(i);
    }
  } catch (err) {
    // The caller rolls the batch back: its group calls go too (the users' last groups are kept for the transaction's later batches).
    unwind(0);
    throw err;
  }
  deferred.add(stored);
  return { accepted: stored.length, duplicateIndexes };
}

/** Events inserted per statement when they can be (`RawEventWriter.runMany`): ~1 µs of writer CPU per event less than one by one (seeded history, in process). */
const APPEND_RUN = 64;

/**
 * Rollups deferred to the commit (deferred-rollups.ts: the bulk writer's transactions, the writer
 * thread's group commits): the users read and their last groups are kept across the batches of one
 * transaction, and the newly stored events are handed to `add` instead of updating the rollups (which
 * `writeDeltas` then does once for them all, merged, before the commit).
 */
export interface DeferredRollups {
  users: Map<string, UserRow | null>;
  lastGroup: Map<string, { groupId: string; ts: number } | null>;
  add(stored: StoredEventRow[]): void;
}

/** Writes the profile and rollup rows of stored events' deltas (one batch's, or a bulk transaction's merged). */
export function writeDeltas(
  s: WriteStatements,
  project: string,
  d: BatchDeltas,
  userOf: (userKey: string) => UserRow | null,
  lastGroup: Map<string, { groupId: string; ts: number } | null>,
  /** Most rollup rows are new (bulk mode: history): insert first, upsert only the rows already stored. */
  newRowsLikely = false,
): void {
  for (const u of d.users.values()) {
    const row = userOf(u.userKey);
    const traits: Record<string, unknown> = row ? JSON.parse(row.traits) : {};
    const times: Record<string, number> = row ? JSON.parse(row.trait_times) : {};
    for (const update of u.traitUpdates) mergeTraits(traits, times, update);
    const group = lastGroup.get(u.userKey) ?? null;
    s.upsertUser.run(
      project, u.userKey, u.userId ?? row?.user_id ?? null, JSON.stringify(traits), JSON.stringify(times),
      group?.groupId ?? null, group?.ts ?? null,
      Math.min(u.firstSeen, row?.first_seen ?? Infinity), Math.max(u.lastSeen, row?.last_seen ?? -Infinity),
    );
  }

  for (const a of d.accounts.values()) {
    const row = s.getAccount.get(project, a.accountId);
    const traits: Record<string, unknown> = row ? JSON.parse(row.traits) : {};
    const times: Record<string, number> = row ? JSON.parse(row.trait_times) : {};
    for (const update of a.traitUpdates) mergeTraits(traits, times, update);
    const columns = accountColumns(traits);
    s.upsertAccount.run(
      project, a.accountId, columns.name, columns.plan, columns.seats, columns.mrr,
      columns.createdAt, JSON.stringify(traits), JSON.stringify(times),
      Math.min(a.firstSeen, row?.first_seen ?? Infinity), Math.max(a.lastSeen, row?.last_seen ?? -Infinity),
    );
  }

  for (const au of d.accountUsers.values()) s.upsertAccountUser.run(project, au.accountId, au.userKey, au.firstSeen, au.lastSeen);
  for (const l of d.links.values()) s.insertLink.run(project, l.userId, l.anonymousId);

  writeActivity(s, project, d.userDays, newRowsLikely);
  const firstEventCandidates = writeFeatureAdoption(s, project, d.featureUsage, newRowsLikely);
  for (const [k, f] of d.firstEvents) {
    // A feature event's first use can only move when its day row is new or got an earlier first use.
    if (isFeatureEvent('track', f.event) && !firstEventCandidates.has(k)) continue;
    s.upsertFirstEvent.run(project, f.event, f.accountId, f.userKey, f.firstTs);
  }

  const sessionDays = new SessionDayDeltas();
  for (const x of d.explicitSessions.values()) {
    const row = s.findExplicitSession.get(project, x.userKey, x.sessionId);
    if (!row) {
      s.insertSession.run(project, x.userKey, x.sessionId, x.startAccount, x.start, x.end);
      sessionDays.add(x.startAccount, x.start, x.end, 1);
    } else {
      const earlier = x.start < row.start_ts;
      const account = earlier ? x.startAccount : row.account_id;
      const start = Math.min(row.start_ts, x.start);
      const end = Math.max(row.end_ts, x.end);
      s.updateSession.run(account, start, end, row.id);
      sessionDays.add(row.account_id, row.start_ts, row.end_ts, -1);
      sessionDays.add(account, start, end, 1);
    }
  }
  for (const [userKey, spans] of d.implicitSessions) for (const span of spans) mergeImplicitSession(s, project, userKey, span, sessionDays);
  sessionDays.write(s, project);

  for (const r of d.surveyEvents) {
    s.insertSurveyEvent.run(project, r.messageId, r.kind, r.surveyId, r.surveyKind, r.responseId, r.userKey, r.accountId ?? NO_ACCOUNT, r.score, r.comment, r.timestamp, r.choice);
  }
  for (const p of d.planChanges) s.insertPlanChange.run(project, p.messageId, p.accountId, p.plan, p.timestamp);
}

/**
 * Writes the batch's activity per (day, user, account); the days new to a (user, account) pair go into
 * its day bitmap, and each account-day gets its new active users and last activity.
 */
function writeActivity(s: WriteStatements, project: string, userDays: BatchDeltas['userDays'], newRowsLikely: boolean): void {
  const newDays = new Map<string, { accountId: string; userKey: string; days: number[] }>();
  const accountDays = new Map<string, { day: number; accountId: string; newUsers: number; lastSeen: number }>();
  for (const ud of userDays.values()) {
    const isNew =
      (newRowsLikely && s.insertUserDay.run(project, ud.day, ud.userKey, ud.accountId, ud.events, ud.lastSeen).changes === 1) ||
      s.upsertUserDay.get(project, ud.day, ud.userKey, ud.accountId, ud.events, ud.lastSeen) === ud.events;
    if (isNew) {
      const pairKey = `${ud.accountId}\u0000${ud.userKey}`;
      const pair = newDays.get(pairKey);
      if (pair) pair.days.push(ud.day);
      else newDays.set(pairKey, { accountId: ud.accountId, userKey: ud.userKey, days: [ud.day] });
    }
    if (ud.accountId === NO_ACCOUNT) continue;
    const dayKey = `${ud.day}\u0000${ud.accountId}`;
    const a = accountDays.get(dayKey);
    if (!a) accountDays.set(dayKey, { day: ud.day, accountId: ud.accountId, newUsers: isNew ? 1 : 0, lastSeen: ud.lastSeen });
    else {
      if (isNew) a.newUsers++;
      if (ud.lastSeen > a.lastSeen) a.lastSeen = ud.lastSeen;
    }
  }
  for (const p of newDays.values()) {
    const b = dayBitmap(p.days);
    s.upsertUserActivity.run(project, p.accountId, p.userKey, ...bitmapColumns(b));
  }
  for (const a of accountDays.values()) s.upsertAccountDay.run(project, a.day, a.accountId, a.newUsers, a.lastSeen);
}

/**
 * Folds the batch's per-day feature usage into the adoption rollups (day bitmaps per user and per
 * account, totals per account-day and per day). Returns the (event, account, user) keys whose first use may have moved.
 */
function writeFeatureAdoption(s: WriteStatements, project: string, usage: BatchDeltas['featureUsage'], newRowsLikely: boolean): Set<string> {
  const userDays = new Map<string, { accountId: string; userKey: string; event: string; days: number[] }>();
  const firstEventCandidates = new Set<string>();
  for (const f of usage.values()) {
    const inserted = newRowsLikely && s.insertFeatureUsage.run(project, f.day, f.accountId, f.userKey, f.event, f.count, f.firstTs, f.lastTs).changes === 1;
    const [count, firstTs] = inserted ? [f.count, f.firstTs] : s.upsertFeatureUsage.get(project, f.day, f.accountId, f.userKey, f.event, f.count, f.firstTs, f.lastTs)!;
    const isNewDay = count === f.count;
    if (isNewDay || firstTs === f.firstTs) firstEventCandidates.add(firstEventKey(f.event, f.accountId, f.userKey));
    if (!isNewDay) continue;
    const pairKey = `${f.accountId}\u0000${f.userKey}\u0000${f.event}`;
    const u = userDays.get(pairKey);
    if (u) u.days.push(f.day);
    else userDays.set(pairKey, { accountId: f.accountId, userKey: f.userKey, event: f.event, days: [f.day] });
  }
  const accountDays = featureUseByAccountDay(usage.values());
  for (const u of userDays.values()) {
    s.upsertFeatureUserDays.run(project, u.accountId, u.userKey, u.event, ...bitmapColumns(dayBitmap(u.days)));
  }
  // A (day, account, name) new to feature_days is a day new to the account's union of its users' days.
  const accountNewDays = new AccountFeatureDayDeltas();
  for (const a of accountDays) {
    const isNew =
      (newRowsLikely && s.insertFeatureDay.run(project, a.day, a.accountId, a.event, a.count, a.firstTs, a.lastTs).changes === 1) ||
      s.upsertFeatureDay.get(project, a.day, a.accountId, a.event, a.count, a.firstTs, a.lastTs) === a.count;
    if (isNew) accountNewDays.add(a.accountId, a.event, a.day);
  }
  accountNewDays.write(s.upsertAccountFeatureDays, project);
  writeFeatureWeeks(s.upsertFeatureWeek, project, accountDays);
  for (const e of featureUseByName(accountDays)) s.upsertFeatureEventDay.run(project, e.day, e.event, e.count, e.firstTs, e.lastTs);
  return firstEventCandidates;
}

/** Session count and length changes per (day of the session's start, its account), written once per batch. */
class SessionDayDeltas {
  private readonly deltas = new Map<string, { day: number; accountId: string; sessions: number; totalMs: number }>();

  /** Adds (sign 1) or removes (sign −1) one session's contribution. */
  add(accountId: string, start: number, end: number, sign: 1 | -1): void {
    const day = dayOf(start);
    const k = `${day}\u0000${accountId}`;
    const d = this.deltas.get(k);
    if (d) {
      d.sessions += sign;
      d.totalMs += sign * (end - start);
    } else this.deltas.set(k, { day, accountId, sessions: sign, totalMs: sign * (end - start) });
  }

  write(s: WriteStatements, project: string): void {
    for (const d of this.deltas.values()) {
      if (d.sessions !== 0 || d.totalMs !== 0) s.addSessionDay.run(project, d.day, d.accountId, d.sessions, d.totalMs);
    }
  }
}

/**
 * Adds a run of events (internal gaps < 30 min) to a user's implicit sessions: every stored session
 * within 30 minutes of the run merges with it into one, so arrival order does not matter.
 */
function mergeImplicitSession(s: WriteStatements, project: string, userKey: string, span: SpanDelta, sessionDays: SessionDayDeltas): void {
  const touching = s.findImplicitSessions.all(project, userKey, span.start - SESSION_GAP_MS, span.end + SESSION_GAP_MS);
  if (touching.length === 0) {
    s.insertSession.run(project, userKey, '', span.startAccount, span.start, span.end);
    sessionDays.add(span.startAccount, span.start, span.end, 1);
    return;
  }
  // `touching` is ordered by start: the first stored session wins a tie on the earliest time.
  const [keep, ...rest] = touching;
  let start = keep.start_ts;
  let account = keep.account_id;
  let end = keep.end_ts;
  for (const r of rest) end = Math.max(end, r.end_ts);
  if (span.start < start) {
    start = span.start;
    account = span.startAccount;
  }
  end = Math.max(end, span.end);
  for (const r of touching) sessionDays.add(r.account_id, r.start_ts, r.end_ts, -1);
  for (const r of rest) s.deleteSession.run(r.id);
  s.updateSession.run(account, start, end, keep.id);
  sessionDays.add(account, start, end, 1);
}
