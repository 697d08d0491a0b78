// The PostgreSQL `Store`: for several stateless collectors behind a load balancer sharing one
// database. Each batch is one transaction on a pooled connection, acknowledged only after COMMIT;
// conflicts between concurrent collectors (deadlock, serialization) rerun the transaction (pg-transaction.ts).
import type pg from 'pg';
import { UptakeError } from '../../errors.js';
import type {
  AccountDayRow, AccountFeatureDaysRow, ActivityDaysRow, FeatureDaysRow, FeatureEventDayRow, AccountDayTotalRow, AccountRecord, AccountSurveyPairsRow, ActivityEventRow, ActivitySummary,
  FeatureAdoption, FeatureUsageRow, FirstEventRow, IngestResult, NewNotification, NormalizedEvent, NotificationOutcome,
  NotificationRow, NotificationStatus, PlanChangeRow, SessionTotalRow, Store, StoredEventRow, SurveyAnswerRow,
  SurveyEventQuery, SurveyEventRow, SurveyPairsRow, TrackEventRow, UserActivityRow, UserRecord,
} from '../store.js';
import { DAY_MS, scopeIds, type AccountScope } from '../store.js';
import {
  accountRecord, FEATURE_USAGE_SQL, featureUsageRow, toAccount, USER_COLUMNS, userRecord, type AccountDbRow, type FeatureUsageDbRow, type UserDbRow,
} from '../row-mappers.js';
import { ERASED_TABLES, eraseUser } from './pg-erase-user.js';
import { pgAccess } from './pg-access.js';
import type { AccessToken, AuditEntry, NewAccessToken } from '../access-store.js';
import { pgActivityEvents, pgScanEvents, pgTrackEvents } from './pg-raw-event-reads.js';
import { runTransaction } from './pg-transaction.js';
import { pgAccountFeatureDays, pgActivityDays, pgFeatureDays, pgFeatureEventDays } from './pg-span-reads.js';
import { pgActivitySummary, pgFeatureAdoption } from './pg-report-reads.js';
import { usesOfNames } from '../feature-adoption.js';
import { pgAccountSurveyPairs, pgSurveyAnswers, pgSurveyEvents, pgSurveyResponsePairs } from './pg-survey-reads.js';
import { isConnectionLost, toStorageError } from './pg-errors.js';
import { migratePostgres } from './pg-migrate.js';
import { nameOf, type Pipeline } from './pg-pipeline.js';
import { createPool, redactUrl } from './pg-pool.js';
import { writeBatch } from './pg-write-batch.js';
import { pgClaim, pgComplete, pgEnqueue, pgGetState, pgList, pgPurge, pgRetry, pgRevise, pgSaveState } from './pg-notification-outbox.js';


/** An account is known through its users; its first/last seen span theirs; traits come from group calls. */
const ACCOUNTS_SQL = (filter: string) => `
  SELECT s.account_id, a.name, a.plan, a.seats, a.mrr, a.created_at, a.traits, s.first_seen, s.last_seen
  FROM (SELECT account_id, min(first_seen) AS first_seen, max(last_seen) AS last_seen FROM account_users
        WHERE project = $1 ${filter} GROUP BY account_id) AS s
  LEFT JOIN accounts AS a ON a.project = $1 AND a.account_id = s.account_id
  ORDER BY s.account_id`;
export interface PostgresStoreOptions {
  /** Where idle-connection errors are reported (default: one line on stderr). */
  onError?: (message: string) => void;
}

/**
 * Connects to a `postgres://` URL, applies pending migrations (one collector at a time) and returns
 * the store. Connection failures are one clear `invalid_flags` line without the password.
 * @example const store = await openPostgresStore('postgres://uptake@127.0.0.1:5432/uptake');
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const report = options.onError ?? ((message: string) => process.stderr.write(`uptake-collector: ${message}\n`));
  const pool = createPool(url, (err) => report(`PostgreSQL connection lost (${err.message}); reconnecting on next use`));
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof UptakeError) throw err;
    // A refused connection to a name with several addresses is an AggregateError without a message.
    const reason = (err as Error).message || (err as { code?: string }).code || String(err);
    throw new UptakeError('invalid_flags', `--db: cannot open PostgreSQL database ${redactUrl(url)}: ${reason}`, { cause: err });
  }
  return new PostgresStore(pool);
}

/**
 * Whether a read is planned for its arguments on every call instead of prepared: any read with a list
 * parameter. A prepared statement's generic plan assumes a list of 10 elements, so after five account
 * pages (lists of one) the same read for a segment of 300 accounts kept a plan that walked the
 * (project, day, account_id) key once per listed account over the whole window: 114 ms instead of
 * 1 ms for 99 accounts on the 3.5 M-event dataset (docs/scale.md).
 * @example plannedPerCall(['demo', 1, 2, ['acme']]) // true
 */
export const plannedPerCall = (params: readonly unknown[]): boolean => params.some(Array.isArray);

/** The optional account scope of a rollup read: its SQL (always parameter $4, an array) and its parameters. */
const ofAccount = (accounts: AccountScope | undefined): string => (accounts === undefined ? '' : ' AND account_id = ANY($4::text[])');
const withAccount = (params: unknown[], accounts: AccountScope | undefined): unknown[] => (accounts === undefined ? params : [...params, scopeIds(accounts)]);

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  private closed = false;
  private inFlight = 0;
  private drained: (() => void) | null = null;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Runs `work` in a transaction on a pooled connection (pg-transaction.ts). */
  private transaction<T>(work: (tx: Pipeline) => Promise<T>): Promise<T> {
    return runTransaction(this.pool, work);
  }

  /** Counts an operation so `close` can wait for it; refuses new ones once closing. */
  private async tracked<T>(op: () => Promise<T>): Promise<T> {
    if (this.closed) throw new UptakeError('storage_unavailable', 'storage is closed', { retryAfter: 5 });
    this.inFlight++;
    try {
      return await op();
    } finally {
      if (--this.inFlight === 0) this.drained?.();
    }
  }

  /** One query on a pooled connection; a connection found dead is replaced once. */
  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[], prepared = false): Promise<pg.QueryResult<R>> {
    const run = () => (prepared ? this.pool.query<R>({ name: nameOf(sql), text: sql, values: params }) : this.pool.query<R>(sql, params));
    return this.tracked(async () => {
      try {
        return await run();
      } catch (err) {
        if (!isConnectionLost(err)) throw toStorageError(err);
        try {
          return await run();
        } catch (again) {
          throw toStorageError(again);
        }
      }
    });
  }

  /**
   * A report read's rows. Prepared once per connection (named by its SQL): the day-set functions
   * make a plan cost about as much as running the read, and a report makes ~10 reads. A read with a
   * list parameter (a segment's or one account's ids, names) is planned for its list each time
   * (see `plannedPerCall`).
   */
  private async rows<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.query<R>(sql, params, !plannedPerCall(params))).rows;
  }

  ingest(project: string, events: NormalizedEvent[]): Promise<IngestResult> {
    if (events.length === 0 && !this.closed) return Promise.resolve({ accepted: 0, duplicateIndexes: [] });
    return this.tracked(() => this.transaction((tx) => writeBatch(tx, project, events)));
  }

  async ping(): Promise<void> {
    await this.rows('SELECT 1', []);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Batches already started are committed (and acknowledged) before the pool closes.
    if (this.inFlight > 0) await new Promise<void>((done) => (this.drained = done));
    await this.pool.end();
  }

  // ---- profiles --------------------------------------------------------------------------

  async getUser(project: string, userKey: string): Promise<UserRecord | null> {
    const rows = await this.rows<UserDbRow>(`SELECT ${USER_COLUMNS} FROM users WHERE project = $1 AND user_key = $2`, [project, userKey]);
    return rows.length > 0 ? userRecord(rows[0]) : null;
  }

  async listUsers(project: string, userKeys: string[]): Promise<UserRecord[]> {
    if (userKeys.length === 0) return [];
    const rows = await this.rows<UserDbRow>(
      `SELECT ${USER_COLUMNS} FROM users WHERE project = $1 AND user_key = ANY($2::text[]) ORDER BY user_key`,
      [project, userKeys],
    );
    return rows.map(userRecord);
  }

  async getAccount(project: string, accountId: string): Promise<AccountRecord | null> {
    const rows = await this.rows<AccountDbRow>(ACCOUNTS_SQL('AND account_id = $2'), [project, accountId]);
    return rows.length > 0 ? accountRecord(rows[0]) : null;
  }

  async listAccounts(project: string): Promise<AccountRecord[]> {
    return (await this.rows<AccountDbRow>(ACCOUNTS_SQL(''), [project])).map(accountRecord);
  }

  // ---- rollup reads ----------------------------------------------------------------------

  async userActivity(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<UserActivityRow[]> {
    const rows = await this.rows<{ user_key: string; account_id: string; active_days: number; events: number; last_seen: number }>(
      `SELECT user_key, account_id, count(*) AS active_days, sum(events) AS events, max(last_seen) AS last_seen
        FROM user_days WHERE project = $1 AND day >= $2 AND day < $3${ofAccount(accounts)} GROUP BY user_key, account_id`,
      withAccount([project, fromDay, toDay], accounts),
    );
    return rows.map((r) => ({ userKey: r.user_key, accountId: toAccount(r.account_id), activeDays: r.active_days, events: r.events, lastSeen: r.last_seen }));
  }

  activitySummary(project: string, previousFromDay: number, fromDay: number, toDay: number, accounts?: AccountScope): Promise<ActivitySummary> {
    return pgActivitySummary(this.readRows, project, previousFromDay, fromDay, toDay, accounts);
  }

  async accountDayTotals(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<AccountDayTotalRow[]> {
    // An account-day's active users are its (day, user, account) rows: summed over the window's days.
    const rows = await this.rows<{ account_id: string; user_days: number; last_seen: number }>(
      `SELECT account_id, sum(active_users)::int AS user_days, max(last_seen) AS last_seen FROM account_days
        WHERE project = $1 AND day >= $2 AND day < $3${ofAccount(accounts)} GROUP BY account_id`,
      withAccount([project, fromDay, toDay], accounts),
    );
    return rows.map((r) => ({ accountId: r.account_id, userDays: r.user_days, lastSeen: r.last_seen }));
  }

  async accountDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<AccountDayRow[]> {
    const rows = await this.rows<{ account_id: string; day: number; active_users: number; last_seen: number }>(
      `SELECT account_id, day, active_users, last_seen FROM account_days
        WHERE project = $1 AND day >= $2 AND day < $3${ofAccount(accounts)} ORDER BY day, account_id`,
      withAccount([project, fromDay, toDay], accounts),
    );
    return rows.map((r) => ({ accountId: r.account_id, day: r.day, activeUsers: r.active_users, lastSeen: r.last_seen }));
  }

  async sessionTotals(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<SessionTotalRow[]> {
    const rows = await this.rows<{ account_id: string; sessions: number; total_ms: number }>(
      `SELECT account_id, sum(sessions) AS sessions, sum(total_ms) AS total_ms FROM account_session_days
        WHERE project = $1 AND day >= $2 AND day < $3${ofAccount(accounts)} GROUP BY account_id HAVING sum(sessions) > 0`,
      withAccount([project, fromDay, toDay], accounts),
    );
    return rows.map((r) => ({ accountId: toAccount(r.account_id), sessions: r.sessions, totalMs: r.total_ms }));
  }

  async featureUsage(project: string, fromDay: number, toDay: number): Promise<FeatureUsageRow[]> {
    const rows = await this.rows<FeatureUsageDbRow>(FEATURE_USAGE_SQL((n) => `$${n}`), [project, fromDay, toDay]);
    return rows.map(featureUsageRow);
  }

  async featureAdoption(project: string, fromDay: number, toDay: number, accounts?: AccountScope, names?: readonly string[]): Promise<FeatureAdoption> {
    return usesOfNames(await pgFeatureAdoption(this.readRows, project, fromDay, toDay, accounts, names), names);
  }

  activityDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<ActivityDaysRow[]> {
    return pgActivityDays(this.readRows, project, fromDay, toDay, accounts);
  }
  featureDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<FeatureDaysRow[]> {
    return pgFeatureDays(this.readRows, project, fromDay, toDay, accounts);
  }
  accountFeatureDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<AccountFeatureDaysRow[]> {
    return pgAccountFeatureDays(this.readRows, project, fromDay, toDay, accounts);
  }
  featureEventDays(project: string, fromDay: number, toDay: number, accountIds?: readonly string[]): Promise<FeatureEventDayRow[]> {
    return pgFeatureEventDays(this.readRows, project, fromDay, toDay, accountIds);
  }

  async firstEvents(project: string, events: string[]): Promise<FirstEventRow[]> {
    if (events.length === 0) return [];
    const rows = await this.rows<{ account_id: string; event: string; first_ts: number }>(
      `SELECT account_id, event, min(first_ts) AS first_ts FROM first_events
        WHERE project = $1 AND event = ANY($2::text[]) AND account_id <> '' GROUP BY event, account_id`,
      [project, events],
    );
    return rows.map((r) => ({ accountId: r.account_id, event: r.event, firstTs: r.first_ts }));
  }

  async planChanges(project: string, fromMs: number, toMs: number): Promise<PlanChangeRow[]> {
    const rows = await this.rows<{ account_id: string; plan: string; ts: number }>(
      `WITH last AS (SELECT account_id, max(ts) AS ts FROM plan_changes WHERE project = $1 AND ts < $2 GROUP BY account_id)
      SELECT account_id, plan, ts FROM (
        SELECT p.account_id, p.plan, p.ts, p.message_id FROM last JOIN plan_changes p ON p.project = $1 AND p.account_id = last.account_id AND p.ts = last.ts
        UNION ALL
        SELECT account_id, plan, ts, message_id FROM plan_changes WHERE project = $1 AND ts >= $2 AND ts < $3) c
      ORDER BY ts, message_id`,
      [project, fromMs, toMs],
    );
    return rows.map((r) => ({ accountId: r.account_id, plan: r.plan, timestamp: r.ts }));
  }

  // ---- survey reads (pg-survey-reads.ts) ------------------------------------------------------

  private readonly readRows = <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => this.rows<R>(sql, params);
  surveyEvents(project: string, query: SurveyEventQuery): Promise<SurveyEventRow[]> {
    return pgSurveyEvents(this.readRows, project, query);
  }
  surveyAnswers(project: string, fromMs: number, toMs: number, accountIds?: readonly string[]): Promise<SurveyAnswerRow[]> {
    return pgSurveyAnswers(this.readRows, project, fromMs, toMs, accountIds);
  }
  surveyResponsePairs(project: string, fromMs: number, toMs: number, accountIds?: readonly string[]): Promise<SurveyPairsRow[]> {
    return pgSurveyResponsePairs(this.readRows, project, fromMs, toMs, accountIds);
  }
  accountSurveyPairs(project: string, fromMs: number, toMs: number): Promise<AccountSurveyPairsRow[]> {
    return pgAccountSurveyPairs(this.readRows, project, fromMs, toMs);
  }

  // ---- access (SPEC §16): tokens and the audit log --------------------------------------------

  private readonly access = pgAccess((sql, params) => this.query(sql, params));

  createAccessToken(token: NewAccessToken): Promise<void> {
    return this.access.create(token);
  }

  listAccessTokens(project: string): Promise<AccessToken[]> {
    return this.access.list(project);
  }

  findAccessToken(tokenHash: string): Promise<AccessToken | null> {
    return this.access.find(tokenHash);
  }

  revokeAccessToken(project: string, id: string, at: number): Promise<boolean> {
    return this.access.revoke(project, id, at);
  }

  touchAccessToken(id: string, at: number): Promise<void> {
    return this.access.touch(id, at);
  }

  recordAudit(entry: AuditEntry): Promise<void> {
    return this.access.record(entry);
  }

  listAudit(project: string, limit: number): Promise<AuditEntry[]> {
    return this.access.listAudit(project, limit);
  }

  trackEvents(project: string, names: string[], fromMs: number, toMs: number): Promise<TrackEventRow[]> {
    return pgTrackEvents((sql, params) => this.rows(sql, params), project, names, fromMs, toMs);
  }

  activityEvents(project: string, fromMs: number, toMs: number): Promise<ActivityEventRow[]> {
    return pgActivityEvents((sql, params) => this.rows(sql, params), project, fromMs, toMs);
  }

  // ---- admin -----------------------------------------------------------------------------

  async deleteUser(project: string, userId: string): Promise<{ events: number }> {
    const result = await this.tracked(() => this.transaction((tx) => eraseUser(tx, project, userId)));
    // Erase means gone (SPEC §16): VACUUM (outside any transaction) prunes the dead row versions that
    // still hold the user's bytes, so their space is reclaimed and reused instead of kept readable.
    await this.query(`VACUUM ${ERASED_TABLES.join(', ')}`, []);
    return result;
  }

  async purgeEvents(project: string, beforeMs: number): Promise<{ events: number }> {
    const result = await this.query('DELETE FROM events WHERE project = $1 AND ts < $2', [project, beforeMs]);
    return { events: result.rowCount ?? 0 };
  }

  // ---- notification outbox (pg-notification-outbox.ts) ----------------------------------------

  private readonly outboxQuery = (sql: string, params: unknown[]) => this.query(sql, params);
  enqueueNotifications(items: NewNotification[]): Promise<void> {
    return this.tracked(() => this.transaction((tx) => pgEnqueue(tx, items)));
  }
  reviseNotification(item: NewNotification, now: number): Promise<boolean> {
    return this.tracked(() => this.transaction((tx) => pgRevise(tx, item, now)));
  }
  claimNotifications(owner: string, now: number, leaseMs: number, limit: number): Promise<NotificationRow[]> {
    return pgClaim(this.outboxQuery, owner, now, leaseMs, limit);
  }
  completeNotification(id: string, owner: string, outcome: NotificationOutcome): Promise<void> {
    return pgComplete(this.outboxQuery, id, owner, outcome);
  }
  listNotifications(project: string, status: NotificationStatus | null, limit: number): Promise<NotificationRow[]> {
    return pgList(this.outboxQuery, project, status, limit);
  }
  retryNotification(project: string, id: string, now: number): Promise<boolean> {
    return pgRetry(this.outboxQuery, project, id, now);
  }
  purgeNotifications(beforeMs: number): Promise<number> {
    return pgPurge(this.outboxQuery, beforeMs);
  }
  getNotificationState(project: string, key: string): Promise<string | null> {
    return pgGetState(this.outboxQuery, project, key);
  }
  saveNotificationState(project: string, key: string, expected: string | null, next: string, items: NewNotification[]): Promise<boolean> {
    return this.tracked(() => this.transaction((tx) => pgSaveState(tx, project, key, expected, next, items)));
  }

  async countEvents(project: string): Promise<number> {
    return (await this.rows<{ n: number }>('SELECT count(*) AS n FROM events WHERE project = $1', [project]))[0].n;
  }

  /** Every stored raw event of a project in stored-time order (tests; see scan-events.ts). */
  scanEvents(project: string): AsyncIterable<StoredEventRow> {
    return pgScanEvents(() => this.tracked(() => this.pool.connect()), project);
  }

}
