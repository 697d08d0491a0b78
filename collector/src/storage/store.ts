// The storage interface (SPEC §9). Every part of the collector talks to storage through `Store`
// alone; `sqlite/` (the default) and `postgres/` implement it and pass the same test suite.
// Over 400 lines because it is the one contract of both stores: the interface and every record type
// it reads or writes, kept together so an implementation is checked against one file.
//
// Times are epoch milliseconds of the *stored* (skew-corrected) time. A "day" is a UTC day number
// (Math.floor(ms / 86_400_000)). Windows are half-open: [fromDay, toDay) or [fromMs, toMs).
//
// What counts as what (SPEC §6), decided at ingest:
// - activity event: `page` (and `screen`) or `track` not named `$survey_*` / `$queue_dropped`;
// - feature event: `track` whose name does not start with `$`;
// - survey event: `track` named `$survey_shown` / `$survey_answered` / `$survey_dismissed`.
// The user key of an event is its `userId`, else its `anonymousId`.
import type { AccessStore } from './access-store.js';
import type { DayBitmap } from './day-bitmap.js';

export type StoredEventType = 'track' | 'identify' | 'group' | 'page' | 'alias';

/** An event after validation and normalisation, ready to store. */
export interface NormalizedEvent {
  messageId: string;
  type: StoredEventType;
  /** track: event name; page: page name (may be null). */
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  /** userId ?? anonymousId. */
  userKey: string;
  /** Explicit groupId of the event, if any (attribution falls back to the user's last group). */
  groupId: string | null;
  /** Stored time (ms): skew-corrected, never later than receivedAt. */
  timestamp: number;
  receivedAt: number;
  sessionId: string | null;
  properties: Record<string, unknown> | null;
  traits: Record<string, unknown> | null;
  /** Context without any IP address. */
  context: Record<string, unknown> | null;
  /**
   * The JSON text of `properties`, `traits` and `context` as validated (ingest serializes them once to
   * check their size; stores write this text instead of serializing them again). Absent: serialize.
   */
  json?: EventJson;
}

/** JSON text of an event's objects (null for an absent object). */
export interface EventJson {
  properties: string | null;
  traits: string | null;
  /** Undefined: not serialized yet (`jsonOf` does it when a store needs the text; the bulk path splits the object). */
  context?: string | null;
}

/** A raw event as stored, with the account it was attributed to at ingest. */
export interface StoredEventRow extends NormalizedEvent {
  accountId: string | null;
}

export interface IngestResult {
  /** Events newly stored. */
  accepted: number;
  /** Indexes (into the given array) of events already stored, or repeated earlier in the same call. */
  duplicateIndexes: number[];
}

/** Latest known traits and facts of a customer account. */
export interface AccountRecord {
  accountId: string;
  name: string | null;
  plan: string | null;
  seats: number | null;
  mrr: number | null;
  /** `createdAt` trait as ms, when parseable. */
  createdAt: number | null;
  traits: Record<string, unknown>;
  /** First / last stored event of any type attributed to the account, ever. */
  firstSeen: number;
  lastSeen: number;
}

export interface UserRecord {
  userKey: string;
  userId: string | null;
  traits: Record<string, unknown>;
  /** Account the user was last `group`ed with. */
  lastGroupId: string | null;
  /** First / last stored event of any type of the user, ever. */
  firstSeen: number;
  lastSeen: number;
}

/** One (user, account) pair's activity in a window. accountId null = not attributed to an account. */
export interface UserActivityRow {
  userKey: string;
  accountId: string | null;
  /** Distinct days with ≥ 1 activity event. */
  activeDays: number;
  /** Activity events. */
  events: number;
  lastSeen: number;
}

/** One account's active users in a window and in the previous window of equal length. */
export interface AccountActivityRow {
  accountId: string;
  /** Distinct users with ≥ 1 activity event in the account in [fromDay, toDay). */
  activeUsers: number;
  /** The same in [previousFromDay, fromDay). */
  previousActiveUsers: number;
}

/** One account's account-days of a window, summed. */
export interface AccountDayTotalRow {
  accountId: string;
  /** Σ over the window's days of the account's daily active users. */
  userDays: number;
  /** Time of the account's last activity event in the window (ms). */
  lastSeen: number;
}

/** A window's activity: distinct active users overall and per account. */
export interface ActivitySummary {
  /** Distinct users active in [fromDay, toDay), in any account or none. */
  activeUsers: number;
  /** Accounts active in the window or in the previous one. */
  accounts: AccountActivityRow[];
}

/** Activity of one account on one day. */
export interface AccountDayRow {
  accountId: string;
  day: number;
  /** Distinct active users that day. */
  activeUsers: number;
  /** Time of the account's last activity event that day (ms). */
  lastSeen: number;
}

/** One (user, account, track event name) usage in a window (names starting with `$` excluded). */
export interface FeatureUsageRow {
  userKey: string;
  accountId: string | null;
  event: string;
  count: number;
  firstUsed: number;
  lastUsed: number;
}

/**
 * The feature event names a (user, account) pair used at least once in a window, sorted. Pairs that
 * used the same names may share one array (readers must not mutate it).
 */
export interface FeatureUserRow {
  userKey: string;
  accountId: string | null;
  events: readonly string[];
}

/** Feature events of one name in a window, of one account (`accountId`) or of everyone. */
export interface FeatureTotalRow {
  accountId: string | null;
  event: string;
  count: number;
  firstUsed: number;
  lastUsed: number;
}

/** Who used which feature in a window, and how much (names starting with `$` excluded). */
export interface FeatureAdoption {
  users: FeatureUserRow[];
  /** Per name, over every account and none (`accountId` null): the window's feature names and their use. */
  eventTotals: FeatureTotalRow[];
  /** Per (account, name): only in a read for one account (empty otherwise; no report needs them all). */
  accountTotals: FeatureTotalRow[];
}

/**
 * The days one (user, account) pair was active (or, in `FeatureDaysRow`, used one feature event name),
 * as a bitmap that may also hold days outside the range read: a span is read once and its windows
 * derived from it (trends, history).
 */
export interface ActivityDaysRow {
  userKey: string;
  accountId: string | null;
  days: DayBitmap;
}

export interface FeatureDaysRow extends ActivityDaysRow {
  event: string;
}

/** The days any user of one account used one feature event name (the union of their `FeatureDaysRow`s), as a bitmap that may also hold days outside the range read. */
export interface AccountFeatureDaysRow {
  accountId: string;
  event: string;
  days: DayBitmap;
}

/** Feature events of one name on one day, of some accounts or of everyone. */
export interface FeatureEventDayRow {
  day: number;
  event: string;
  count: number;
  firstUsed: number;
  lastUsed: number;
}

/** Sessions that start in the window, per account of the session's first event (null = none). */
export interface SessionTotalRow {
  accountId: string | null;
  sessions: number;
  /** Sum of session lengths (first to last activity event), ms. */
  totalMs: number;
}

export type SurveyEventKind = 'shown' | 'answered' | 'dismissed';

/** A `$survey_answered` event as reports count it: no ids. */
export interface SurveyAnswerRow {
  surveyId: string;
  surveyKind: 'nps' | 'csat' | 'ces' | 'choice' | null;
  userKey: string;
  accountId: string | null;
  score: number | null;
  /** A `choice` answer's picked key (`properties.choice`), else null. */
  choice: string | null;
  comment: string | null;
  timestamp: number;
}

/** A survey event of any kind (`shown`, `answered`, `dismissed`), with its ids. */
export interface SurveyEventRow extends SurveyAnswerRow {
  kind: SurveyEventKind;
  responseId: string | null;
  messageId: string;
}

export interface SurveyEventQuery {
  fromMs: number;
  toMs: number;
  surveyId?: string;
  userKey?: string;
  accountId?: string;
}

/** Response rate's counts: (user, survey) pairs shown, and of those, pairs answered. */
export interface ResponsePairs {
  shown: number;
  answered: number;
}

/** Response rate's counts of one survey over a window's survey events (a survey with only dismissals: zeros). */
export interface SurveyPairsRow extends ResponsePairs {
  surveyId: string;
}

/** The same within one account's survey events. */
export interface AccountSurveyPairsRow extends SurveyPairsRow {
  accountId: string;
}

/** A `group` call that carried a `plan` trait. */
export interface PlanChangeRow {
  accountId: string;
  plan: string;
  timestamp: number;
}

/** First occurrence, ever, of a track event name in an account. */
export interface FirstEventRow {
  accountId: string;
  event: string;
  firstTs: number;
}

/** A raw `track` event without ids or context, as `trackEvents` reads it. */
export interface TrackEventRow {
  event: string;
  userKey: string;
  accountId: string | null;
  timestamp: number;
  properties: Record<string, unknown> | null;
}

/** One activity event reduced to who and when, as `activityEvents` reads it. */
export interface ActivityEventRow {
  userKey: string;
  accountId: string | null;
  timestamp: number;
}

/** A notification waiting in (or done with) the durable outbox (SPEC §11). */
export type NotificationStatus = 'pending' | 'delivered' | 'failed';

export interface NewNotification {
  /** Stable id, the same on every attempt (receivers deduplicate on it). */
  id: string;
  project: string;
  /** `survey.answered`, `account.at_risk`, `account.health_dropped`, `digest` or `test`. */
  type: string;
  /** Destination id from the project's config. */
  destination: string;
  /** JSON text of the notification (`{type, occurredAt, data}`). */
  body: string;
  createdAt: number;
  /** Not sent before this time (ms). */
  nextAttemptAt: number;
}

export interface NotificationRow extends NewNotification {
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  deliveredAt: number | null;
}

/** What happened to a claimed notification. */
export type NotificationOutcome =
  | { status: 'delivered'; at: number }
  | { status: 'pending'; error: string; nextAttemptAt: number }
  | { status: 'failed'; error: string };

/**
 * The accounts a rollup read covers: one id (the account page) or a list, read as if the project held
 * only those accounts (a segment); none given: every account, and what belongs to none.
 */
export type AccountScope = string | readonly string[];

/**
 * The ids of a scope as a list (undefined: every account).
 * @example scopeIds('acme') // ['acme']
 */
export const scopeIds = (accounts: AccountScope | undefined): readonly string[] | undefined =>
  accounts === undefined ? undefined : typeof accounts === 'string' ? [accounts] : accounts;

export interface Store extends AccessStore {
  /** Which implementation ('sqlite' | 'postgres'), for /metrics and logs. */
  readonly kind: string;

  /**
   * Stores a batch in one transaction, with account attribution, latest traits and every rollup
   * updated in the same transaction. Resolves only once committed (acknowledged means durable).
   * Throws `UptakeError('storage_unavailable')` when the database is busy, locked or full.
   */
  ingest(project: string, events: NormalizedEvent[]): Promise<IngestResult>;

  /** Resolves when storage answers (for /healthz). */
  ping(): Promise<void>;
  close(): Promise<void>;

  // ---- profiles --------------------------------------------------------------------------
  getUser(project: string, userKey: string): Promise<UserRecord | null>;
  listUsers(project: string, userKeys: string[]): Promise<UserRecord[]>;
  getAccount(project: string, accountId: string): Promise<AccountRecord | null>;
  listAccounts(project: string): Promise<AccountRecord[]>;

  // ---- rollup reads (report inputs; never scans of raw events) -------------------------------
  // With `accounts` (an AccountScope), only those accounts' rows: one id for the account page, a list
  // for a segment.
  userActivity(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<UserActivityRow[]>;
  /**
   * Active users of [fromDay, toDay) overall and per account, with each account's active users of
   * [previousFromDay, fromDay) (what reports over every account read). Overall counts distinct users
   * active through the scope's accounts (all: through any account or none).
   */
  activitySummary(project: string, previousFromDay: number, fromDay: number, toDay: number, accounts?: AccountScope): Promise<ActivitySummary>;
  /** `accountDays` summed per account over [fromDay, toDay): user-days and last activity. */
  accountDayTotals(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<AccountDayTotalRow[]>;
  accountDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<AccountDayRow[]>;
  featureUsage(project: string, fromDay: number, toDay: number): Promise<FeatureUsageRow[]>;
  /** Sessions starting on a day of [fromDay, toDay), per account of the session's first event. */
  sessionTotals(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<SessionTotalRow[]>;
  /**
   * Feature membership per (user, account, name) in [fromDay, toDay) and usage per name; with one
   * account, that account's members and its usage per name in `accountTotals` too (`eventTotals`
   * stay everyone's): `featureUsage` without per-user counts. With a list, the listed accounts'
   * members, and `eventTotals` over their events alone. With `names`, the use per name (`eventTotals`,
   * `accountTotals`) of those names only: `[]` when a report needs the members alone (a segment's use
   * per name is its costliest part).
   */
  featureAdoption(project: string, fromDay: number, toDay: number, accounts?: AccountScope, names?: readonly string[]): Promise<FeatureAdoption>;
  /** Each (user, account) pair active on a day of [fromDay, toDay), with its active days. */
  activityDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<ActivityDaysRow[]>;
  /** Each (user, account, feature event name) used on a day of [fromDay, toDay), with its days of use. */
  featureDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<FeatureDaysRow[]>;
  /** Feature events per (day, name) in [fromDay, toDay), over everyone or over the listed accounts' events (a segment, one account). */
  featureEventDays(project: string, fromDay: number, toDay: number, accountIds?: readonly string[]): Promise<FeatureEventDayRow[]>;
  /**
   * Each (account, feature event name) that a user of the account used on a day of [fromDay, toDay), with
   * the days any of them used it (users without an account left out); with `accounts` (one id or a list),
   * only those accounts' rows.
   */
  accountFeatureDays(project: string, fromDay: number, toDay: number, accounts?: AccountScope): Promise<AccountFeatureDaysRow[]>;
  /** First time each account sent each of the named track events (activation, time to value). */
  firstEvents(project: string, events: string[]): Promise<FirstEventRow[]>;
  /**
   * What conversion reads of [fromMs, toMs): each account's plan changes at the time of its last change
   * before fromMs (one, unless several share that millisecond), then every change in the window; in
   * time order, changes of the same millisecond in a fixed order (by messageId).
   */
  planChanges(project: string, fromMs: number, toMs: number): Promise<PlanChangeRow[]>;
  /** Survey events in [fromMs, toMs) in time order, optionally of one survey, user or account. */
  surveyEvents(project: string, query: SurveyEventQuery): Promise<SurveyEventRow[]>;
  /** The answers among them (all that NPS and CSAT count), in the same order; with `accountIds` (a segment), those accounts' alone. */
  surveyAnswers(project: string, fromMs: number, toMs: number, accountIds?: readonly string[]): Promise<SurveyAnswerRow[]>;
  /**
   * Per survey with events in [fromMs, toMs): the (user, survey) pairs shown it in the window, and how
   * many of those answered it in the window too; with `accountIds`, counting only the listed accounts' survey events.
   */
  surveyResponsePairs(project: string, fromMs: number, toMs: number, accountIds?: readonly string[]): Promise<SurveyPairsRow[]>;
  /** The same per (account, survey), counting each account's survey events alone; every account with a survey event in the window has rows. */
  accountSurveyPairs(project: string, fromMs: number, toMs: number): Promise<AccountSurveyPairsRow[]>;

  // ---- raw event reads (time-bounded scans of the raw events by their time index) ------------
  /** Track events named in `names` in [fromMs, toMs), in stored-time order (e.g. experiment exposures). */
  trackEvents(project: string, names: string[], fromMs: number, toMs: number): Promise<TrackEventRow[]>;
  /** Every activity event in [fromMs, toMs) in stored-time order: who was active when, to the millisecond. */
  activityEvents(project: string, fromMs: number, toMs: number): Promise<ActivityEventRow[]>;

  // ---- admin ---------------------------------------------------------------------------------
  /** GDPR erase: the user's events (and anonymous events linked to them), traits, responses and rollup rows. Returns events deleted. */
  deleteUser(project: string, userId: string): Promise<{ events: number }>;
  /** Deletes raw events stored before `beforeMs`; rollups (reported history) are kept. */
  purgeEvents(project: string, beforeMs: number): Promise<{ events: number }>;
  /** Raw event count (tests, /metrics). */
  countEvents(project: string): Promise<number>;
  // ---- notification outbox (SPEC §11) -------------------------------------------------------
  /** Adds notifications; an id already in the outbox is left as it is. Resolves once durable. */
  enqueueNotifications(items: NewNotification[]): Promise<void>;
  /**
   * Replaces the body of a notification not yet attempted nor claimed and moves its next attempt to
   * `nextAttemptAt`, or adds it when absent. False when it was already attempted or is being sent.
   */
  reviseNotification(item: NewNotification, now: number): Promise<boolean>;
  /**
   * Claims up to `limit` pending notifications due at `now`, for `leaseMs`: no other claim returns
   * them until the lease ends (a collector that dies mid-send leaves them to the next claim).
   */
  claimNotifications(owner: string, now: number, leaseMs: number, limit: number): Promise<NotificationRow[]>;
  /** Records the outcome of a claimed attempt (ignored when `owner` no longer holds the claim). */
  completeNotification(id: string, owner: string, outcome: NotificationOutcome): Promise<void>;
  /** The project's notifications, newest first, optionally of one status. */
  listNotifications(project: string, status: NotificationStatus | null, limit: number): Promise<NotificationRow[]>;
  /** Makes a notification of the project pending again, due at `now`. False when unknown. */
  retryNotification(project: string, id: string, now: number): Promise<boolean>;
  /** Deletes delivered and failed notifications queued before `beforeMs` (outbox housekeeping). Returns how many. */
  purgeNotifications(beforeMs: number): Promise<number>;
  /** A small named state of the notifications (previous evaluation, last digest), or null. */
  getNotificationState(project: string, key: string): Promise<string | null>;
  /**
   * Compare-and-set of a state, enqueuing `items` in the same transaction: false (and nothing
   * written) when the state is no longer `expected` (another collector evaluated meanwhile).
   */
  saveNotificationState(project: string, key: string, expected: string | null, next: string, items: NewNotification[]): Promise<boolean>;
}

export const DAY_MS = 86_400_000;
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** Survey event names → the kind stored in survey rows. */
export const SURVEY_EVENT_KINDS: Record<string, SurveyEventKind> = {
  $survey_shown: 'shown',
  $survey_answered: 'answered',
  $survey_dismissed: 'dismissed',
};

/** An activity event makes a user active (SPEC §6): page, or track not `$survey_*` / `$queue_dropped`. */
export function isActivityEvent(type: StoredEventType, event: string | null): boolean {
  if (type === 'page') return true;
  if (type !== 'track' || event === null) return false;
  return !(event.startsWith('$survey_') || event === '$queue_dropped');
}

/** A feature event is a track event whose name does not start with `$`. */
export function isFeatureEvent(type: StoredEventType, event: string | null): boolean {
  return type === 'track' && event !== null && !event.startsWith('$');
}
