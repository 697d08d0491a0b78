// The SQLite store's span reads (Store.activityDays, featureDays, featureEventDays): the stored day
// bitmaps of every (user, account) pair and (user, account, feature) triple active in a range, and
// feature use per day, read once for a span whose windows reports then derive (trends, history).
import type { Database } from 'better-sqlite3';
import type { AccountScope, ActivityDaysRow, FeatureDaysRow, FeatureEventDayRow } from '../store.js';
import { accountsParam, toAccount } from '../row-mappers.js';
import { sqlActiveIn } from './day-bitmap-functions.js';

const ACTIVE = sqlActiveIn('@from', '@to');

/**
 * Prepares the span reads on a connection.
 * @example const span = prepareSpanReads(db); activityDaysOf(span, 'demo', 20_000, 20_364)
 */
export function prepareSpanReads(db: Database) {
  return {
    activity: db.prepare(`SELECT user_key, account_id, first_day, last_day, days FROM user_activity
      WHERE project = @project AND ${ACTIVE}`).raw(),
    // The listed accounts' rows (@accounts: a JSON array, one account or a segment's).
    activityOfAccounts: db.prepare(`SELECT user_key, account_id, first_day, last_day, days FROM user_activity
      WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND ${ACTIVE}`).raw(),
    features: db.prepare(`SELECT user_key, account_id, first_day, last_day, days, event FROM feature_user_days
      WHERE project = @project AND ${ACTIVE}`).raw(),
    featuresOfAccounts: db.prepare(`SELECT user_key, account_id, first_day, last_day, days, event FROM feature_user_days
      WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND ${ACTIVE}`).raw(),
    eventDays: db.prepare(`SELECT day, event, count, first_ts, last_ts FROM feature_event_days
      WHERE project = @project AND day >= @from AND day < @to`).raw(),
    // Each listed account's rows, one range of the primary key per account, summed per (day, name).
    eventDaysOfAccounts: db.prepare(`SELECT day, event, sum(count), min(first_ts), max(last_ts) FROM feature_days
      WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND day >= @from AND day < @to GROUP BY day, event`).raw(),
  };
}

export type SpanReads = ReturnType<typeof prepareSpanReads>;

type BitmapDbRow = [string, string, number, number, Buffer, string?];

function bitmapRows(raw: unknown[]): ActivityDaysRow[] {
  const out = new Array<ActivityDaysRow>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i] as BitmapDbRow;
    out[i] = { userKey: r[0], accountId: toAccount(r[1]), days: { firstDay: r[2], lastDay: r[3], bits: r[4] } };
  }
  return out;
}

export function activityDaysOf(s: SpanReads, project: string, fromDay: number, toDay: number, accounts?: AccountScope): ActivityDaysRow[] {
  const params = { project, from: fromDay, to: toDay };
  return bitmapRows(accounts === undefined ? s.activity.all(params) : s.activityOfAccounts.all({ ...params, accounts: accountsParam(accounts) }));
}

export function featureDaysOf(s: SpanReads, project: string, fromDay: number, toDay: number, accounts?: AccountScope): FeatureDaysRow[] {
  const params = { project, from: fromDay, to: toDay };
  const raw = accounts === undefined ? s.features.all(params) : s.featuresOfAccounts.all({ ...params, accounts: accountsParam(accounts) });
  const out = new Array<FeatureDaysRow>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i] as BitmapDbRow;
    out[i] = { userKey: r[0], accountId: toAccount(r[1]), event: r[5]!, days: { firstDay: r[2], lastDay: r[3], bits: r[4] } };
  }
  return out;
}

export function featureEventDaysOf(s: SpanReads, project: string, fromDay: number, toDay: number, accountIds?: readonly string[]): FeatureEventDayRow[] {
  const params = { project, from: fromDay, to: toDay };
  const raw = (accountIds === undefined ? s.eventDays.all(params) : s.eventDaysOfAccounts.all({ ...params, accounts: accountsParam(accountIds) })) as [number, string, number, number, number][];
  return raw.map((r) => ({ day: r[0], event: r[1], count: r[2], firstUsed: r[3], lastUsed: r[4] }));
}
