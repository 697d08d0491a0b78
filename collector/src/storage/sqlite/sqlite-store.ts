// The SQLite `Store` (the embedded default), in WAL mode: reads and admin writes on a connection of
// the main thread; ingested batches go to a writer thread with its own connection (writer-thread.ts),
// which group-commits them (each batch in its own savepoint) and settles every promise only once the
// commit is fsynced (acknowledged = durable). An in-memory database is written on the main thread.
// What differs between the two is behind one seam, chosen at open: `SqliteEngine` (sqlite-engine.ts).
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { UptakeError } from '../../errors.js';
import type {
  AccountDayRow,
  AccountActivityRow,
  AccountDayTotalRow,
  ActivitySummary,
  AccountRecord,
  FeatureAdoption,
  FeatureUsageRow,
  FirstEventRow,
  IngestResult,
  NormalizedEvent,
  PlanChangeRow,
  SessionTotalRow,
  Store,
  StoredEventRow,
  SurveyEventKind,
  SurveyAnswerRow,
  SurveyEventQuery,
  SurveyEventRow,
  SurveyPairsRow,
  AccountSurveyPairsRow,
  UserActivityRow,
  UserRecord,
  TrackEventRow,
  ActivityEventRow,
  NewNotification,
  NotificationOutcome,
  NotificationRow,
  NotificationStatus,
} from '../store.js';
import { migrate } from './migrate.js';
import { NO_ACCOUNT } from '../rollup-deltas.js';
import {
  accountRecord, eventRow, FEATURE_USAGE_SQL, featureUsageRow, toAccount, USER_COLUMNS, userRecord,
  type AccountDbRow, type EventDbRow, type FeatureUsageDbRow, type UserDbRow,
} from '../row-mappers.js';
import { toStorageError } from './sqlite-errors.js';
import { sqlActiveIn } from './day-bitmap-functions.js';
import { configureConnection } from './connection.js';
import type { SmallReadName } from './small-reads.js';
import { openEngine, type SqliteEngine } from './sqlite-engine.js';
import { accessTables } from './access-tables.js';
import type { AccessToken, AuditEntry, NewAccessToken } from '../access-store.js';
import { prepareRawEventReads, readActivityEvents, readTrackEvents, type RawEventReads } from './raw-event-reads.js';
import { sqliteOutbox, type SqliteOutbox } from './notification-outbox.js';

export interface SqliteStoreOptions {
  /** How long a write waits for another process's lock before answering 503 (ms). */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) a SQLite database file and applies pending migrations.
 * @example const store = openSqliteStore('./data/uptake.db'); await store.ping();
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  return new SqliteStore(path, options);
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly path: string;
  private readonly db: Db;
  private readonly read: ReturnType<typeof prepareReadStatements>;
  private readonly surveyQueries = new Map<string, Statement>();
  private rawReads?: RawEventReads;
  private closed = false;
  /** What a database file and an in-memory database do differently (sqlite-engine.ts). */
  private readonly engine: SqliteEngine;
  /** Tokens and the audit log (access-tables.ts). */
  private readonly access: ReturnType<typeof accessTables>;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = path;
    this.db = new Database(path);
    const busyTimeoutMs = options.busyTimeoutMs ?? 1000;
    try {
      configureConnection(this.db, busyTimeoutMs);
      // This connection makes the GDPR erases: their deleted content is zeroed, free pages included.
      this.db.pragma('secure_delete = ON');
      migrate(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.read = prepareReadStatements(this.db);
    this.engine = openEngine(this.db, path, busyTimeoutMs);
    this.access = accessTables(this.db);
  }

  ingest(project: string, events: NormalizedEvent[]): Promise<IngestResult> {
    if (this.closed) return Promise.reject(new UptakeError('storage_unavailable', 'storage is closed', { retryAfter: 5 }));
    if (events.length === 0) return Promise.resolve({ accepted: 0, duplicateIndexes: [] });
    return this.engine.ingest(project, events);
  }

  /** Resolves once every commit made so far is on disk; a failed fsync becomes storage_unavailable. */
  private durable(): Promise<void> {
    return this.engine.durable();
  }

  /** A small read (small-reads.ts): for a database file on the reader thread, while this thread makes the large reads of the same report. */
  private smallRead(name: SmallReadName, ...params: unknown[]): Promise<unknown[][]> {
    if (this.closed) return Promise.reject(new UptakeError('storage_unavailable', 'storage is closed', { retryAfter: 5 }));
    return this.engine.smallRead(name, params);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new UptakeError('storage_unavailable', 'storage is closed', { retryAfter: 5 });
    try {
      this.read.ping.get();
    } catch (err) {
      throw toStorageError(err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.engine.close();
    this.db.close();
  }

  // ---- profiles --------------------------------------------------------------------------

  async getUser(project: string, userKey: string): Promise<UserRecord | null> {
    const row = this.read.getUser.get(project, userKey);
    return row ? userRecord(row) : null;
  }

  async listUsers(project: string, userKeys: string[]): Promise<UserRecord[]> {
    if (userKeys.length === 0) return [];
    return this.read.listUsers.all(project, JSON.stringify(userKeys)).map(userRecord);
  }

  async getAccount(project: string, accountId: string): Promise<AccountRecord | null> {
    const row = this.read.getAccount.get(project, accountId);
    return row ? accountRecord(row) : null;
  }

  async listAccounts(project: string): Promise<AccountRecord[]> {
    return this.read.listAccounts.all(project).map(accountRecord);
  }

  // ---- rollup reads ----------------------------------------------------------------------

  async userActivity(project: string, fromDay: number, toDay: number, accountId?: string): Promise<UserActivityRow[]> {
    const rows = (accountId === undefined
      ? this.read.userActivity.all(project, fromDay, toDay)
      : this.read.userActivityOfAccount.all(project, accountId, fromDay, toDay)) as [string, string, number, number, number][];
    const out = new Array<UserActivityRow>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      out[i] = { userKey: r[0], accountId: toAccount(r[1]), activeDays: r[2], events: r[3], lastSeen: r[4] };
    }
    return out;
  }

  async activitySummary(project: string, previousFromDay: number, fromDay: number, toDay: number, accountId?: string): Promise<ActivitySummary> {
    const windows = { prev: previousFromDay, from: fromDay, to: toDay };
    const [rows, distinct] = await (accountId === undefined
      ? Promise.all([this.smallRead('activeUsers', { project, ...windows }), this.smallRead('distinctActiveUsers', { project, ...windows })])
      : Promise.all([
        this.smallRead('activeUsersOfAccount', { project, account: accountId, ...windows }),
        this.smallRead('distinctActiveUsersOfAccount', { project, account: accountId, ...windows }),
      ]));
    const accounts: AccountActivityRow[] = [];
    for (const [id, current, previous] of rows as [string, number, number][]) {
      if (id !== NO_ACCOUNT && (current > 0 || previous > 0)) accounts.push({ accountId: id, activeUsers: current, previousActiveUsers: previous });
    }
    return { activeUsers: distinct[0][0] as number, accounts };
  }

  async accountDayTotals(project: string, fromDay: number, toDay: number, accountId?: string): Promise<AccountDayTotalRow[]> {
    const rows = (accountId === undefined ? await this.smallRead('userDays', project, fromDay, toDay) : await this.smallRead('userDaysOfAccount', project, fromDay, toDay, accountId)) as [string, number, number][];
    return rows.map((r) => ({ accountId: r[0], userDays: r[1], lastSeen: r[2] }));
  }

  async accountDays(project: string, fromDay: number, toDay: number, accountId?: string): Promise<AccountDayRow[]> {
    const rows = (accountId === undefined ? this.read.accountDays.all(project, fromDay, toDay) : this.read.accountDaysOfAccount.all(project, fromDay, toDay, accountId)) as unknown as [string, number, number, number][];
    const out = new Array<AccountDayRow>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      out[i] = { accountId: r[0], day: r[1], activeUsers: r[2], lastSeen: r[3] };
    }
    return out;
  }

  async sessionTotals(project: string, fromDay: number, toDay: number, accountId?: string): Promise<SessionTotalRow[]> {
    const rows = (accountId === undefined
      ? await this.smallRead('sessionTotals', project, fromDay, toDay)
      : await this.smallRead('sessionTotalsOfAccount', project, fromDay, toDay, accountId)) as [string, number, number][];
    return rows.map((r) => ({ accountId: toAccount(r[0]), sessions: r[1], totalMs: r[2] }));
  }

  async featureUsage(project: string, fromDay: number, toDay: number): Promise<FeatureUsageRow[]> {
    return this.read.featureUsage.all(project, fromDay, toDay).map(featureUsageRow);
  }

  async featureAdoption(project: string, fromDay: number, toDay: number, accountId?: string): Promise<FeatureAdoption> {
    // Raw rows: one array per row, no objects with named keys built by the driver on this hot read.
    const userRows = (accountId === undefined
      ? this.read.adoptionUsers.all({ project, from: fromDay, to: toDay })
      : this.read.adoptionUsersOfAccount.all({ project, account: accountId, from: fromDay, to: toDay })) as [string, string, string][];
    // One row per (user, account) with its names as a JSON array: pairs that used the same names
    // (most of them) share one parsed array.
    const eventLists = new Map<string, readonly string[]>();
    const users = new Array<FeatureAdoption['users'][number]>(userRows.length);
    for (let i = 0; i < userRows.length; i++) {
      const r = userRows[i];
      let events = eventLists.get(r[2]);
      if (!events) eventLists.set(r[2], (events = (JSON.parse(r[2]) as string[]).sort()));
      users[i] = { userKey: r[0], accountId: toAccount(r[1]), events };
    }
    const total = (accountId: string | null) => (r: [string, number, number, number]) => ({ accountId, event: r[0], count: r[1], firstUsed: r[2], lastUsed: r[3] });
    const eventTotals = (this.read.eventTotals.all(project, fromDay, toDay) as [string, number, number, number][]).map(total(null));
    const accountTotals = accountId === undefined ? [] : (this.read.accountTotals.all(project, accountId, fromDay, toDay) as [string, number, number, number][]).map(total(accountId));
    return { users, eventTotals, accountTotals };
  }

  async firstEvents(project: string, events: string[]): Promise<FirstEventRow[]> {
    if (events.length === 0) return [];
    const rows = (await this.smallRead('firstEvents', project, JSON.stringify(events))) as [string, string, number][];
    return rows.map((r) => ({ accountId: r[0], event: r[1], firstTs: r[2] }));
  }

  async planChanges(project: string, fromMs: number, toMs: number): Promise<PlanChangeRow[]> {
    const rows = this.read.planChanges.all({ project, from: fromMs, to: toMs }) as [string, string, number][];
    return rows.map((r) => ({ accountId: r[0], plan: r[1], timestamp: r[2] }));
  }

  async surveyEvents(project: string, query: SurveyEventQuery): Promise<SurveyEventRow[]> {
    const where = ['project = ?', 'ts >= ?', 'ts < ?'];
    const params: unknown[] = [project, query.fromMs, query.toMs];
    if (query.surveyId !== undefined) (where.push('survey_id = ?'), params.push(query.surveyId));
    if (query.userKey !== undefined) (where.push('user_key = ?'), params.push(query.userKey));
    if (query.accountId !== undefined) (where.push('account_id = ?'), params.push(query.accountId));
    // Without statistics SQLite prefers the time index even for one user's history (a scan of the window).
    const index = query.userKey !== undefined ? 'INDEXED BY survey_events_by_user' : query.accountId !== undefined ? 'INDEXED BY survey_events_by_account' : '';
    const sql = `SELECT kind, survey_id, survey_kind, response_id, user_key, account_id, score, comment, ts, message_id, choice
      FROM survey_events ${index} WHERE ${where.join(' AND ')} ORDER BY ts, message_id`;
    let stmt = this.surveyQueries.get(sql);
    if (!stmt) this.surveyQueries.set(sql, (stmt = this.db.prepare(sql).raw()));
    const rows = stmt.all(...params) as SurveyDbRow[];
    const out = new Array<SurveyEventRow>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      out[i] = {
        kind: r[0] as SurveyEventKind, surveyId: r[1], surveyKind: r[2] as SurveyEventRow['surveyKind'], responseId: r[3], userKey: r[4],
        accountId: toAccount(r[5]), score: r[6], choice: r[10], comment: r[7], timestamp: r[8], messageId: r[9],
      };
    }
    return out;
  }

  async surveyAnswers(project: string, fromMs: number, toMs: number): Promise<SurveyAnswerRow[]> {
    const rows = this.read.surveyAnswers.all(project, fromMs, toMs) as [string, string | null, string, string, number | null, string | null, number, string | null][];
    const out = new Array<SurveyAnswerRow>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      out[i] = {
        surveyId: r[0], surveyKind: r[1] as SurveyAnswerRow['surveyKind'], userKey: r[2], accountId: toAccount(r[3]), score: r[4], choice: r[7], comment: r[5], timestamp: r[6],
      };
    }
    return out;
  }

  async surveyResponsePairs(project: string, fromMs: number, toMs: number): Promise<SurveyPairsRow[]> {
    const rows = (await this.smallRead('surveyResponsePairs', project, fromMs, toMs)) as [string, number, number][];
    return rows.map((r) => ({ surveyId: r[0], shown: r[1], answered: r[2] }));
  }

  async accountSurveyPairs(project: string, fromMs: number, toMs: number): Promise<AccountSurveyPairsRow[]> {
    const rows = (await this.smallRead('accountSurveyPairs', project, fromMs, toMs)) as [string, string, number, number][];
    return rows.map((r) => ({ accountId: r[0], surveyId: r[1], shown: r[2], answered: r[3] }));
  }

  // ---- access (SPEC §16): tokens and the audit log --------------------------------------------

  /** Runs a small admin write on this connection and resolves once it is on disk. */
  private async adminWrite<T>(write: () => T): Promise<T> {
    if (this.closed) throw new UptakeError('storage_unavailable', 'storage is closed', { retryAfter: 5 });
    let result: T;
    try {
      result = write();
    } catch (err) {
      throw toStorageError(err);
    }
    await this.durable();
    return result;
  }

  createAccessToken(token: NewAccessToken): Promise<void> {
    return this.adminWrite(() => this.access.create(token));
  }

  async listAccessTokens(project: string): Promise<AccessToken[]> {
    return this.access.list(project);
  }

  async findAccessToken(tokenHash: string): Promise<AccessToken | null> {
    if (this.closed) throw new UptakeError('storage_unavailable', 'storage is closed', { retryAfter: 5 });
    return this.access.find(tokenHash);
  }

  revokeAccessToken(project: string, id: string, at: number): Promise<boolean> {
    return this.adminWrite(() => this.access.revoke(project, id, at));
  }

  async touchAccessToken(id: string, at: number): Promise<void> {
    // Not synced: a "last used" time lost in a crash is harmless.
    try {
      this.access.touch(id, at);
    } catch (err) {
      throw toStorageError(err);
    }
  }

  recordAudit(entry: AuditEntry): Promise<void> {
    return this.adminWrite(() => this.access.record(entry));
  }

  async listAudit(project: string, limit: number): Promise<AuditEntry[]> {
    return this.access.listAudit(project, limit);
  }

  async trackEvents(project: string, names: string[], fromMs: number, toMs: number): Promise<TrackEventRow[]> {
    return readTrackEvents((this.rawReads ??= prepareRawEventReads(this.db)), project, names, fromMs, toMs);
  }

  async activityEvents(project: string, fromMs: number, toMs: number): Promise<ActivityEventRow[]> {
    return readActivityEvents((this.rawReads ??= prepareRawEventReads(this.db)), project, fromMs, toMs);
  }

  // ---- admin -----------------------------------------------------------------------------

  async deleteUser(project: string, userId: string): Promise<{ events: number }> {
    let result: { events: number };
    try {
      result = this.db.transaction(() => eraseUser(this.db, this.read, project, userId)).immediate();
    } catch (err) {
      throw toStorageError(err);
    }
    await this.durable();
    // Erase means gone (SPEC §16): the zeroed pages replace the old ones in the database file, and the
    // WAL, which still holds old page images with the user's data, is emptied.
    await this.engine.checkpoint();
    return result;
  }

  async purgeEvents(project: string, beforeMs: number): Promise<{ events: number }> {
    if (this.closed) throw new UptakeError('storage_unavailable', 'storage is closed', { retryAfter: 5 });
    // A database file: chunks on the writer thread, between its commits (purge.ts).
    return this.engine.purge(project, beforeMs);
  }

  async countEvents(project: string): Promise<number> {
    return this.read.countEvents.get(project)!.n;
  }

  async *scanEvents(project: string): AsyncIterable<StoredEventRow> {
    // Pages by (ts, id) so the caller may use the store between pages (one connection, no open cursor).
    let after = { ts: -Infinity, id: 0 };
    for (;;) {
      const page = this.read.scanEvents.all(project, after.ts, after.ts, after.id);
      for (const r of page) yield eventRow(r);
      if (page.length < SCAN_PAGE) return;
      const last = page[page.length - 1];
      after = { ts: last.ts, id: last.id };
    }
  }

  // ---- notification outbox (notification-outbox.ts) -------------------------------------------

  private outboxStatements: SqliteOutbox | null = null;
  /** Runs one outbox statement group; writes resolve once fsynced. */
  private async outbox<T>(op: (o: SqliteOutbox) => T, write = true): Promise<T> {
    if (this.closed) throw new UptakeError('storage_unavailable', 'storage is closed', { retryAfter: 5 });
    let result: T;
    try {
      result = op((this.outboxStatements ??= sqliteOutbox(this.db)));
    } catch (err) {
      throw toStorageError(err);
    }
    if (write) await this.durable();
    return result;
  }

  enqueueNotifications(items: NewNotification[]): Promise<void> {
    return this.outbox((o) => void o.enqueue.immediate(items));
  }
  reviseNotification(item: NewNotification, now: number): Promise<boolean> {
    return this.outbox((o) => o.revise.immediate(item, now));
  }
  async claimNotifications(owner: string, now: number, leaseMs: number, limit: number): Promise<NotificationRow[]> {
    if (!(await this.outbox((o) => o.hasDue(now), false))) return [];
    return this.outbox((o) => o.claim.immediate(owner, now, leaseMs, limit));
  }
  completeNotification(id: string, owner: string, outcome: NotificationOutcome): Promise<void> {
    return this.outbox((o) => void o.complete(id, owner, outcome));
  }
  listNotifications(project: string, status: NotificationStatus | null, limit: number): Promise<NotificationRow[]> {
    return this.outbox((o) => o.list(project, status, limit), false);
  }
  retryNotification(project: string, id: string, now: number): Promise<boolean> {
    return this.outbox((o) => o.retry(project, id, now));
  }
  purgeNotifications(beforeMs: number): Promise<number> {
    return this.outbox((o) => o.purge(beforeMs));
  }
  getNotificationState(project: string, key: string): Promise<string | null> {
    return this.outbox((o) => o.getState(project, key), false);
  }
  saveNotificationState(project: string, key: string, expected: string | null, next: string, items: NewNotification[]): Promise<boolean> {
    return this.outbox((o) => o.saveState.immediate(project, key, expected, next, items));
  }
}

const SCAN_PAGE = 1000;


interface AccountDayDbRow {
  account_id: string;
  day: number;
  active_users: number;
  last_seen: number;
}

/** A survey_events row as an array (raw read): kind, survey_id, survey_kind, response_id, user_key, account_id, score, comment, ts, message_id, choice. */
type SurveyDbRow = [string, string, string | null, string | null, string, string, number | null, string | null, number, string, string | null];

function prepareReadStatements(db: Db) {
  return {
    ping: db.prepare('SELECT 1'),
    getUser: db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE project = ? AND user_key = ?`) as Statement<[string, string], UserDbRow>,
    listUsers: db.prepare(`SELECT ${USER_COLUMNS} FROM users
      WHERE project = ? AND user_key IN (SELECT value FROM json_each(?)) ORDER BY user_key`) as Statement<[string, string], UserDbRow>,
    getAccount: db.prepare(`SELECT account_id, name, plan, seats, mrr, created_at, traits, first_seen, last_seen FROM accounts
      WHERE project = ? AND account_id = ?`) as Statement<[string, string], AccountDbRow>,
    listAccounts: db.prepare(`SELECT account_id, name, plan, seats, mrr, created_at, traits, first_seen, last_seen FROM accounts
      WHERE project = ? ORDER BY account_id`) as Statement<[string], AccountDbRow>,
    // Raw rows (arrays): these reads return a row per active (user, account) pair.
    userActivity: db.prepare(`SELECT user_key, account_id, count(*) AS active_days, sum(events) AS events, max(last_seen) AS last_seen
      FROM user_days WHERE project = ? AND day >= ? AND day < ? GROUP BY user_key, account_id`).raw(),
    userActivityOfAccount: db.prepare(`SELECT user_key, account_id, count(*) AS active_days, sum(events) AS events, max(last_seen) AS last_seen
      FROM user_days INDEXED BY user_days_by_account WHERE project = ? AND account_id = ? AND day >= ? AND day < ? GROUP BY user_key`).raw(),
    accountDaysOfAccount: db.prepare(`SELECT account_id, day, active_users, last_seen FROM account_days WHERE project = ? AND day >= ? AND day < ? AND account_id = ?
      ORDER BY day`).raw() as Statement<[string, number, number, string], AccountDayDbRow>,
    accountDays: db.prepare(`SELECT account_id, day, active_users, last_seen FROM account_days WHERE project = ? AND day >= ? AND day < ?
      ORDER BY day, account_id`).raw() as Statement<[string, number, number], AccountDayDbRow>,
    featureUsage: db.prepare(FEATURE_USAGE_SQL(() => '?')) as Statement<[string, number, number], FeatureUsageDbRow>,
    // Each (user, account) with the names it used on some day of [from, to) (the window test: sqlActiveIn);
    // GROUP BY in primary key order: no temporary b-tree.
    adoptionUsers: db.prepare(`SELECT user_key, account_id, json_group_array(event) FROM feature_user_days
      WHERE project = @project AND ${sqlActiveIn('@from', '@to')} GROUP BY account_id, user_key`).raw(),
    adoptionUsersOfAccount: db.prepare(`SELECT user_key, account_id, json_group_array(event) FROM feature_user_days
      WHERE project = @project AND account_id = @account AND ${sqlActiveIn('@from', '@to')} GROUP BY user_key`).raw(),
    eventTotals: db.prepare(`SELECT event, sum(count), min(first_ts), max(last_ts)
      FROM feature_event_days WHERE project = ? AND day >= ? AND day < ? GROUP BY event`).raw(),
    accountTotals: db.prepare(`SELECT event, sum(count), min(first_ts), max(last_ts)
      FROM feature_days INDEXED BY feature_days_by_account WHERE project = ? AND account_id = ? AND day >= ? AND day < ? GROUP BY event`).raw(),
    // The last change before the window per account (CROSS JOIN: from the per-account maxima into the
    // index, not the other way round), then the window's changes.
    planChanges: db.prepare(`WITH last AS (SELECT account_id, max(ts) AS ts FROM plan_changes WHERE project = @project AND ts < @from GROUP BY account_id)
      SELECT account_id, plan, ts FROM (
        SELECT p.account_id, p.plan, p.ts, p.message_id FROM last CROSS JOIN plan_changes p INDEXED BY plan_changes_by_account
          ON p.project = @project AND p.account_id = last.account_id AND p.ts = last.ts
        UNION ALL
        SELECT account_id, plan, ts, message_id FROM plan_changes WHERE project = @project AND ts >= @from AND ts < @to)
      ORDER BY ts, message_id`).raw(),
    // The columns counting needs, from the covering time index.
    surveyAnswers: db.prepare(`SELECT survey_id, survey_kind, user_key, account_id, score, comment, ts, choice FROM survey_events
      WHERE project = ? AND ts >= ? AND ts < ? AND kind = 'answered' ORDER BY ts, message_id`).raw(),
    countEvents: db.prepare(`SELECT count(*) AS n FROM events WHERE project = ?`) as Statement<[string], { n: number }>,
    scanEvents: db.prepare(`SELECT * FROM events WHERE project = ? AND (ts > ? OR (ts = ? AND id > ?)) ORDER BY ts, id LIMIT ${SCAN_PAGE}`) as Statement<
      [string, number, number, number],
      EventDbRow
    >,
    linkedAnonymousIds: db.prepare(`SELECT anonymous_id FROM user_links WHERE project = ? AND user_id = ?`).pluck() as Statement<[string, string], string>,
  };
}

/**
 * GDPR erase inside a transaction: raw events of the user and of the anonymous ids seen with them,
 * their profile, responses and every rollup row; account-level rollups are corrected, not rebuilt.
 */
function eraseUser(db: Db, read: ReturnType<typeof prepareReadStatements>, project: string, userId: string): { events: number } {
  const keys = [userId, ...read.linkedAnonymousIds.all(project, userId).filter((k) => k !== userId)];
  const keysJson = JSON.stringify(keys);
  const inKeys = `project = ? AND user_key IN (SELECT value FROM json_each(?))`;

  const events = db
    .prepare(`DELETE FROM events WHERE ${inKeys} AND (user_id IS NULL OR user_id = ?)`)
    .run(project, keysJson, userId).changes;

  // Each (day, user, account) activity row contributed exactly one active user to its account-day.
  db.prepare(`UPDATE account_days SET active_users = active_users - (
      SELECT count(*) FROM user_days ud WHERE ud.project = account_days.project AND ud.day = account_days.day
        AND ud.account_id = account_days.account_id AND ud.user_key IN (SELECT value FROM json_each(?)))
    WHERE project = ? AND (day, account_id) IN (SELECT day, account_id FROM user_days WHERE ${inKeys} AND account_id <> '')`).run(
    keysJson,
    project,
    project,
    keysJson,
  );
  db.prepare(`DELETE FROM account_days WHERE project = ? AND active_users <= 0`).run(project);
  // Account-days the user was active on get their last activity back from the remaining users (below).
  const activeDays = JSON.stringify(db.prepare(`SELECT DISTINCT day, account_id FROM user_days WHERE ${inKeys} AND account_id <> ''`).raw().all(project, keysJson));
  // The user's sessions leave their (day, account) totals.
  db.prepare(`UPDATE session_days SET sessions = session_days.sessions - s.n, total_ms = session_days.total_ms - s.ms
    FROM (SELECT start_ts / 86400000 AS day, account_id, count(*) AS n, sum(end_ts - start_ts) AS ms FROM sessions WHERE ${inKeys} GROUP BY 1, 2) AS s
    WHERE session_days.project = ? AND session_days.day = s.day AND session_days.account_id = s.account_id`).run(project, keysJson, project);
  db.prepare(`DELETE FROM session_days WHERE project = ? AND sessions <= 0`).run(project);

  const accounts = db.prepare(`SELECT DISTINCT account_id FROM account_users WHERE ${inKeys}`).pluck().all(project, keysJson) as string[];
  // Account-day feature totals the user contributed to are recomputed from the other users' per-day rows.
  const featureDays = JSON.stringify(db.prepare(`SELECT DISTINCT day, account_id, event FROM feature_usage WHERE ${inKeys}`).raw().all(project, keysJson));
  const inFeatureDays = `project = ? AND (day, account_id, event) IN (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))`;
  for (const table of ['user_days', 'user_activity', 'feature_usage', 'feature_user_days', 'first_events', 'sessions', 'survey_events', 'account_users', 'users']) {
    db.prepare(`DELETE FROM ${table} WHERE ${inKeys}`).run(project, keysJson);
  }
  db.prepare(`UPDATE account_days SET last_seen = (SELECT max(last_seen) FROM user_days INDEXED BY user_days_by_account
      WHERE user_days.project = account_days.project AND user_days.account_id = account_days.account_id AND user_days.day = account_days.day)
    WHERE project = ? AND (day, account_id) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))`).run(project, activeDays);
  db.prepare(`DELETE FROM user_links WHERE project = ? AND user_id = ?`).run(project, userId);
  db.prepare(`DELETE FROM feature_days WHERE ${inFeatureDays}`).run(project, featureDays);
  db.prepare(`INSERT INTO feature_days (project, day, account_id, event, count, first_ts, last_ts)
    SELECT project, day, account_id, event, sum(count), min(first_ts), max(last_ts) FROM feature_usage
    WHERE ${inFeatureDays} GROUP BY project, day, account_id, event`).run(project, featureDays);
  const eventDays = `project = ? AND (day, event) IN (SELECT value ->> 0, value ->> 2 FROM json_each(?))`;
  db.prepare(`DELETE FROM feature_event_days WHERE ${eventDays}`).run(project, featureDays);
  db.prepare(`INSERT INTO feature_event_days (project, day, event, count, first_ts, last_ts)
    SELECT project, day, event, sum(count), min(first_ts), max(last_ts) FROM feature_days
    WHERE ${eventDays} GROUP BY project, day, event`).run(project, featureDays);

  // Account first/last seen come from the remaining users; an account left with no events is removed.
  for (const accountId of accounts) {
    const span = db
      .prepare(`SELECT min(first_seen) AS first_seen, max(last_seen) AS last_seen FROM account_users WHERE project = ? AND account_id = ?`)
      .get(project, accountId) as { first_seen: number | null; last_seen: number | null };
    if (span.first_seen === null) {
      db.prepare(`DELETE FROM accounts WHERE project = ? AND account_id = ?`).run(project, accountId);
      db.prepare(`DELETE FROM plan_changes WHERE project = ? AND account_id = ?`).run(project, accountId);
    } else {
      db.prepare(`UPDATE accounts SET first_seen = ?, last_seen = ? WHERE project = ? AND account_id = ?`).run(span.first_seen, span.last_seen, project, accountId);
    }
  }
  return { events };
}
