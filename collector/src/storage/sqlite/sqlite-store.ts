// The SQLite `Store` (the embedded default), in WAL mode: reads and admin writes on a connection of
// the main thread; ingested batches go to a writer thread with its own connection (writer-thread.ts),
// which group-commits them (each batch in its own savepoint) and settles every promise only once the
// commit is fsynced (acknowledged = durable). An in-memory database is written on the main thread.
// What differs between the two is behind one seam, chosen at open: `SqliteEngine` (sqlite-engine.ts).
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { UptakeError } from '../../errors.js';
import type {
  AccountScope, AccountActivityRow, ActivityDaysRow, AccountDayRow, FeatureDaysRow, FeatureEventDayRow, AccountDayTotalRow, AccountRecord, AccountSurveyPairsRow, ActivityEventRow,
  ActivitySummary, FeatureAdoption, FeatureUsageRow, FirstEventRow, IngestResult, NewNotification, NormalizedEvent,
  NotificationOutcome, NotificationRow, NotificationStatus, PlanChangeRow, SessionTotalRow, Store, StoredEventRow,
  SurveyAnswerRow, SurveyEventQuery, SurveyEventRow, SurveyPairsRow, TrackEventRow, UserActivityRow, UserRecord,
} from '../store.js';
import { migrate } from './migrate.js';
import { vacuumIfMostlyFree } from './compact-events-migration.js';
import { NO_ACCOUNT } from '../rollup-deltas.js';
import { accountRecord, accountsParam, eventRow, featureUsageRow, toAccount, userRecord } from '../row-mappers.js';
import { toStorageError } from './sqlite-errors.js';
import { eraseUser } from './erase-user.js';
import { featureAdoptionOf, featureTotalsOf, prepareReadStatements, SCAN_PAGE, type ReadStatements } from './read-statements.js';
import { readSurveyEvents, surveyAnswerRows, surveyQueries, type SurveyAnswerDbRow, type SurveyQueries } from './survey-reads.js';
import { configureConnection } from './connection.js';
import type { SmallReadName } from './small-reads.js';
import { isInMemory, openEngine, type SqliteEngine } from './sqlite-engine.js';
import { BulkWriterClient } from './bulk-writer.js';
import type { BulkIngest, BulkOptions } from '../bulk-ingest.js';
import { accessTables } from './access-tables.js';
import type { AccessToken, AuditEntry, NewAccessToken } from '../access-store.js';
import { prepareRawEventReads, readActivityEvents, readTrackEvents, type RawEventReads } from './raw-event-reads.js';
import { sqliteOutbox, type SqliteOutbox } from './notification-outbox.js';
import { activityDaysOf, featureDaysOf, featureEventDaysOf, prepareSpanReads, type SpanReads } from './span-reads.js';
import { accountFeatureDaysOf, prepareAccountFeatureReads, type AccountFeatureReads } from './account-feature-days.js';
import { weekSplit } from './feature-weeks.js';
import { answerRowsInHalves } from './split-reads.js';
import type { AccountFeatureDaysRow } from '../store.js';

/** What every call on a closed store answers. */
const closedError = () => new UptakeError('storage_unavailable', 'storage is closed', { retryAfter: 5 });

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
  private readonly read: ReadStatements;
  /** surveyEvents' statements, one per combination of filters. */
  private readonly surveyQueries: SurveyQueries;
  private rawReads?: RawEventReads;
  private spanReads?: SpanReads;
  private accountFeatureReads?: AccountFeatureReads;
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
      if (path !== ':memory:') vacuumIfMostlyFree(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.read = prepareReadStatements(this.db);
    this.surveyQueries = surveyQueries(this.db);
    this.engine = openEngine(this.db, path, busyTimeoutMs);
    this.access = accessTables(this.db);
  }

  ingest(project: string, events: NormalizedEvent[]): Promise<IngestResult> {
    if (this.closed) return Promise.reject(closedError());
    if (events.length === 0) return Promise.resolve({ accepted: 0, duplicateIndexes: [] });
    return this.engine.ingest(project, events);
  }

  /**
   * Bulk mode for `import`, `seed` and the benchmark dataset (bulk-writer-thread.ts); null for an
   * in-memory database (its batches go through `ingest`). It waits up to 10 s for another writer's lock.
   */
  openBulk(options: BulkOptions = {}): BulkIngest | null {
    if (this.closed) throw closedError();
    return isInMemory(this.path) ? null : new BulkWriterClient(this.path, 10_000, options);
  }

  /** Resolves once every commit made so far is on disk; a failed fsync becomes storage_unavailable. */
  private durable(): Promise<void> {
    return this.engine.durable();
  }

  /** `smallRead` as a function of its own, for the reads split between the threads (split-reads.ts). */
  private readonly smallReader = (name: SmallReadName, ...params: unknown[]): Promise<unknown[][]> => this.smallRead(name, ...params);

  /** A small read (small-reads.ts): for a database file on the reader thread, while this thread makes the large reads of the same report. */
  private smallRead(name: SmallReadName, ...params: unknown[]): Promise<unknown[][]> {
    if (this.closed) return Promise.reject(closedError());
    return this.engine.smallRead(name, params);
  }

  async ping(): Promise<void> {
    if (this.closed) throw closedError();
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

  async userActivity(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<UserActivityRow[]> {
    const rows = (accounts === undefined
      ? this.read.userActivity.all(project, fromDay, toDay)
      : this.read.userActivityOfAccounts.all({ project, accounts: accountsParam(accounts), from: fromDay, to: toDay })) as [string, string, number, number, number][];
    const out = new Array<UserActivityRow>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      out[i] = { userKey: r[0], accountId: toAccount(r[1]), activeDays: r[2], events: r[3], lastSeen: r[4] };
    }
    return out;
  }

  async activitySummary(project: string, previousFromDay: number, fromDay: number, toDay: number, accounts?: AccountScope): Promise<ActivitySummary> {
    const windows = { prev: previousFromDay, from: fromDay, to: toDay };
    const scope = accounts === undefined ? undefined : accountsParam(accounts);
    const [rows, distinct] = await (scope === undefined
      ? Promise.all([this.smallRead('activeUsers', { project, ...windows }), this.smallRead('distinctActiveUsers', { project, ...windows })])
      : Promise.all([
        this.smallRead('activeUsersOfAccounts', { project, accounts: scope, ...windows }),
        this.smallRead('distinctActiveUsersOfAccounts', { project, accounts: scope, ...windows }),
      ]));
    const active: AccountActivityRow[] = [];
    for (const [id, current, previous] of rows as [string, number, number][]) {
      if (id !== NO_ACCOUNT && (current > 0 || previous > 0)) active.push({ accountId: id, activeUsers: current, previousActiveUsers: previous });
    }
    return { activeUsers: distinct[0][0] as number, accounts: active };
  }

  async accountDayTotals(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<AccountDayTotalRow[]> {
    const rows = (accounts === undefined
      ? await this.smallRead('userDays', { project, from: fromDay, to: toDay })
      : await this.smallRead('userDaysOfAccounts', { project, from: fromDay, to: toDay, accounts: accountsParam(accounts) })) as [string, number, number][];
    return rows.map((r) => ({ accountId: r[0], userDays: r[1], lastSeen: r[2] }));
  }

  async accountDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<AccountDayRow[]> {
    const rows = (accounts === undefined
      ? this.read.accountDays.all(project, fromDay, toDay)
      : this.read.accountDaysOfAccounts.all({ project, from: fromDay, to: toDay, accounts: accountsParam(accounts) })) as unknown as [string, number, number, number][];
    const out = new Array<AccountDayRow>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      out[i] = { accountId: r[0], day: r[1], activeUsers: r[2], lastSeen: r[3] };
    }
    return out;
  }

  async sessionTotals(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<SessionTotalRow[]> {
    const rows = (accounts === undefined
      ? await this.smallRead('sessionTotals', { project, from: fromDay, to: toDay })
      : await this.smallRead('sessionTotalsOfAccounts', { project, from: fromDay, to: toDay, accounts: accountsParam(accounts) })) as [string, number, number][];
    return rows.map((r) => ({ accountId: toAccount(r[0]), sessions: r[1], totalMs: r[2] }));
  }

  async featureUsage(project: string, fromDay: number, toDay: number): Promise<FeatureUsageRow[]> {
    return this.read.featureUsage.all(project, fromDay, toDay).map(featureUsageRow);
  }

  async featureAdoption(project: string, fromDay: number, toDay: number, accounts?: AccountScope, names?: readonly string[]): Promise<FeatureAdoption> {
    // A segment's use per name (a sort of its accounts' rows per week and edge day and name, a row per name) is sent
    // to the reader thread first; the members are read here meanwhile, after one microtask (the caller's
    // other reads are sent first).
    const totals = typeof accounts === 'object' && names?.length !== 0
      ? this.smallRead('eventTotalsOfAccounts', { project, accounts: accountsParam(accounts), from: fromDay, to: toDay, ...weekSplit(fromDay, toDay) }) : undefined;
    await null;
    const adoption = featureAdoptionOf(this.read, project, fromDay, toDay, accounts, names);
    return totals ? { ...adoption, eventTotals: featureTotalsOf(await totals, null, names) } : adoption;
  }

  async activityDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<ActivityDaysRow[]> {
    return activityDaysOf((this.spanReads ??= prepareSpanReads(this.db)), project, fromDay, toDay, accounts);
  }
  async featureDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<FeatureDaysRow[]> {
    return featureDaysOf((this.spanReads ??= prepareSpanReads(this.db)), project, fromDay, toDay, accounts);
  }
  async featureEventDays(project: string, fromDay: number, toDay: number, accountIds?: readonly string[]): Promise<FeatureEventDayRow[]> {
    return featureEventDaysOf((this.spanReads ??= prepareSpanReads(this.db)), project, fromDay, toDay, accountIds);
  }
  async accountFeatureDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<AccountFeatureDaysRow[]> {
    return accountFeatureDaysOf((this.accountFeatureReads ??= prepareAccountFeatureReads(this.db)), project, fromDay, toDay, accounts);
  }

  async firstEvents(project: string, events: string[]): Promise<FirstEventRow[]> {
    if (events.length === 0) return [];
    const rows = (await this.smallRead('firstEvents', project, JSON.stringify(events))) as [string, string, number][];
    return rows.map((r) => ({ accountId: r[0], event: r[1], firstTs: r[2] }));
  }

  async planChanges(project: string, fromMs: number, toMs: number): Promise<PlanChangeRow[]> {
    const rows = (await this.smallRead('planChanges', { project, from: fromMs, to: toMs })) as [string, string, number][];
    return rows.map((r) => ({ accountId: r[0], plan: r[1], timestamp: r[2] }));
  }

  async surveyEvents(project: string, query: SurveyEventQuery): Promise<SurveyEventRow[]> {
    return readSurveyEvents(this.surveyQueries, project, query);
  }

  async surveyAnswers(project: string, fromMs: number, toMs: number, accountIds?: readonly string[]): Promise<SurveyAnswerRow[]> {
    return surveyAnswerRows((accountIds === undefined ? await answerRowsInHalves(this.read, this.smallReader, project, fromMs, toMs)
      : this.read.surveyAnswersOfAccounts.all({ project, from: fromMs, to: toMs, accounts: JSON.stringify(accountIds) })) as SurveyAnswerDbRow[]);
  }

  async surveyResponsePairs(project: string, fromMs: number, toMs: number, accountIds?: readonly string[]): Promise<SurveyPairsRow[]> {
    const rows = (accountIds === undefined
      ? await this.smallRead('surveyResponsePairs', project, fromMs, toMs)
      : await this.smallRead('surveyResponsePairsOfAccounts', { project, from: fromMs, to: toMs, accounts: accountsParam(accountIds) })) as [string, number, number][];
    return rows.map((r) => ({ surveyId: r[0], shown: r[1], answered: r[2] }));
  }

  async accountSurveyPairs(project: string, fromMs: number, toMs: number): Promise<AccountSurveyPairsRow[]> {
    const rows = (await this.smallRead('accountSurveyPairs', project, fromMs, toMs)) as [string, string, number, number][];
    return rows.map((r) => ({ accountId: r[0], surveyId: r[1], shown: r[2], answered: r[3] }));
  }

  // ---- access (SPEC §16): tokens and the audit log --------------------------------------------

  /** Runs statements on this connection (SQLite errors as storage errors); with `durable`, resolves once they are on disk. */
  private async guarded<T>(op: () => T, durable: boolean): Promise<T> {
    if (this.closed) throw closedError();
    let result: T;
    try {
      result = op();
    } catch (err) {
      throw toStorageError(err);
    }
    if (durable) await this.durable();
    return result;
  }

  createAccessToken(token: NewAccessToken): Promise<void> {
    return this.guarded(() => this.access.create(token), true);
  }

  async listAccessTokens(project: string): Promise<AccessToken[]> {
    return this.access.list(project);
  }

  findAccessToken(tokenHash: string): Promise<AccessToken | null> {
    return this.guarded(() => this.access.find(tokenHash), false);
  }

  revokeAccessToken(project: string, id: string, at: number): Promise<boolean> {
    return this.guarded(() => this.access.revoke(project, id, at), true);
  }

  touchAccessToken(id: string, at: number): Promise<void> {
    // Not synced: a "last used" time lost in a crash is harmless.
    return this.guarded(() => void this.access.touch(id, at), false);
  }

  recordAudit(entry: AuditEntry): Promise<void> {
    return this.guarded(() => this.access.record(entry), true);
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
    if (this.closed) throw closedError();
    // A database file: chunks on the writer thread, between its commits (purge.ts).
    return this.engine.purge(project, beforeMs);
  }

  async countEvents(project: string): Promise<number> {
    return this.read.countEvents.get(project)!.n;
  }

  async *scanEvents(project: string): AsyncIterable<StoredEventRow> {
    // Pages by (ts, seq) so the caller may use the store between pages (one connection, no open cursor).
    let after = { ts: -1, seq: 0 };
    for (;;) {
      const page = this.read.scanEvents.all(project, after.ts, after.seq);
      for (const r of page) yield eventRow(r);
      if (page.length < SCAN_PAGE) return;
      const last = page[page.length - 1];
      after = { ts: last.ts, seq: last.seq };
    }
  }

  // ---- notification outbox (notification-outbox.ts) -------------------------------------------

  private outboxStatements: SqliteOutbox | null = null;
  /** Runs one outbox statement group; writes resolve once fsynced. */
  private outbox<T>(op: (o: SqliteOutbox) => T, write = true): Promise<T> {
    return this.guarded(() => op((this.outboxStatements ??= sqliteOutbox(this.db))), write);
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
