// Database rows → store records, shared by the SQLite and PostgreSQL stores: both keep the same
// tables with the same columns (sqlite/migrations.ts, postgres/pg-migrations.ts), so a row of either
// maps to a record the same way. Reads that come back as arrays (SQLite's raw hot reads) map in place.
import { NO_ACCOUNT } from './rollup-deltas.js';
import { scopeIds, type AccountRecord, type AccountScope, type FeatureUsageRow, type NotificationRow, type NotificationStatus, type StoredEventRow, type StoredEventType, type UserRecord } from './store.js';

/** A stored account id: '' (NO_ACCOUNT) is no account. */
export const toAccount = (id: string): string | null => (id === NO_ACCOUNT ? null : id);

/** A scope's account ids as the JSON array SQLite's `account_id IN (SELECT value FROM json_each(@accounts))` reads. */
export const accountsParam = (accounts: AccountScope): string => JSON.stringify(scopeIds(accounts));

export const parseJson = (text: string | null): Record<string, unknown> | null => (text === null ? null : JSON.parse(text));

export const USER_COLUMNS = 'user_key, user_id, traits, last_group_id, first_seen, last_seen';

export interface UserDbRow {
  user_key: string;
  user_id: string | null;
  traits: string;
  last_group_id: string | null;
  first_seen: number;
  last_seen: number;
}

export const userRecord = (r: UserDbRow): UserRecord => ({
  userKey: r.user_key,
  userId: r.user_id,
  traits: JSON.parse(r.traits),
  lastGroupId: r.last_group_id,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
});

/** A user's stored state as the write path reads it before merging a batch into it. */
export interface UserStateRow {
  user_id: string | null;
  traits: string;
  trait_times: string;
  last_group_id: string | null;
  last_group_ts: number | null;
  first_seen: number;
  last_seen: number;
}

export interface AccountDbRow {
  account_id: string;
  name: string | null;
  plan: string | null;
  seats: number | null;
  mrr: number | null;
  created_at: number | null;
  /** Null where the account is known through its users only (no group call yet). */
  traits: string | null;
  first_seen: number;
  last_seen: number;
}

export const accountRecord = (r: AccountDbRow): AccountRecord => ({
  accountId: r.account_id,
  name: r.name,
  plan: r.plan,
  seats: r.seats,
  mrr: r.mrr,
  createdAt: r.created_at,
  traits: r.traits === null ? {} : JSON.parse(r.traits),
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
});

/** A row of `events`. */
export interface EventDbRow {
  id: number;
  message_id: string;
  type: string;
  event: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  user_key: string;
  group_id: string | null;
  account_id: string | null;
  ts: number;
  received_at: number;
  session_id: string | null;
  properties: string | null;
  traits: string | null;
  context: string | null;
}

export const eventRow = (r: EventDbRow): StoredEventRow => ({
  messageId: r.message_id,
  type: r.type as StoredEventType,
  event: r.event,
  userId: r.user_id,
  anonymousId: r.anonymous_id,
  userKey: r.user_key,
  groupId: r.group_id,
  accountId: r.account_id,
  timestamp: r.ts,
  receivedAt: r.received_at,
  sessionId: r.session_id,
  properties: parseJson(r.properties),
  traits: parseJson(r.traits),
  context: parseJson(r.context),
});

/** `feature_usage` summed per (user, account, name) over a window. */
export interface FeatureUsageDbRow {
  user_key: string;
  account_id: string;
  event: string;
  count: number;
  first_ts: number;
  last_ts: number;
}

export const FEATURE_USAGE_SQL = (param: (n: number) => string) => `SELECT user_key, account_id, event, sum(count) AS count, min(first_ts) AS first_ts, max(last_ts) AS last_ts
  FROM feature_usage WHERE project = ${param(1)} AND day >= ${param(2)} AND day < ${param(3)} GROUP BY user_key, account_id, event`;

export const featureUsageRow = (r: FeatureUsageDbRow): FeatureUsageRow => ({
  userKey: r.user_key,
  accountId: toAccount(r.account_id),
  event: r.event,
  count: r.count,
  firstUsed: r.first_ts,
  lastUsed: r.last_ts,
});

/** The columns of a notification row, in `NotificationDbRow` order. */
export const NOTIFICATION_COLUMNS = 'id, project, type, destination, body, created_at, next_attempt_at, status, attempts, last_error, delivered_at';

export interface NotificationDbRow {
  id: string;
  project: string;
  type: string;
  destination: string;
  body: string;
  created_at: number;
  next_attempt_at: number;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  delivered_at: number | null;
}

export const notificationRow = (r: NotificationDbRow): NotificationRow => ({
  id: r.id,
  project: r.project,
  type: r.type,
  destination: r.destination,
  body: r.body,
  createdAt: Number(r.created_at),
  nextAttemptAt: Number(r.next_attempt_at),
  status: r.status,
  attempts: Number(r.attempts),
  lastError: r.last_error,
  deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
});
