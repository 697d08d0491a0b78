// The SQLite store's prepared reads on its main connection: profiles, the rollup reads that return a
// row per user (raw arrays where rows are many), and the raw event scan. The small account-level
// reads are in small-reads.ts (answered by the reader thread for a database file).
import type { Database as Db, Statement } from 'better-sqlite3';
import { DICT_KIND, ID_SHIFT } from './compact-events.js';
import { accountsParam, FEATURE_USAGE_SQL, toAccount, USER_COLUMNS, type AccountDbRow, type EventDbRow, type FeatureUsageDbRow, type UserDbRow } from '../row-mappers.js';
import type { AccountScope, FeatureAdoption, FeatureTotalRow, FeatureUserRow } from '../store.js';
import { namesSince, type PackedPair } from '../adoption-names.js';
import { prepareFeatureUserNameReads, type FeatureUserNameReads } from './feature-user-names.js';

/** The dict id of a project (parameter: its name). */
export const PROJECT_ID = `SELECT id FROM dict WHERE scope = 0 AND kind = ${DICT_KIND.project} AND value = ?`;

/** The answers in [@from, @to) with the columns counting needs, from the covering time index. */
export const SURVEY_ANSWERS_SQL = `SELECT survey_id, survey_kind, user_key, account_id, score, comment, ts, choice FROM survey_events
  WHERE project = @project AND ts >= @from AND ts < @to AND kind = 'answered' ORDER BY ts, message_id`;

/** Rows of one page of `scanEvents`. */
export const SCAN_PAGE = 1000;


interface AccountDayDbRow {
  account_id: string;
  day: number;
  active_users: number;
  last_seen: number;
}


/**
 * The main connection's prepared reads (profiles, the large rollup reads, the raw event scan).
 * @example const read = prepareReadStatements(db); read.getUser.get('demo', 'u1')
 */
export function prepareReadStatements(db: Db) {
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
    // The listed accounts' rows (@accounts: a JSON array, one account or a segment's), from the per-account index.
    userActivityOfAccounts: db.prepare(`SELECT user_key, account_id, count(*) AS active_days, sum(events) AS events, max(last_seen) AS last_seen
      FROM user_days INDEXED BY user_days_by_account WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND day >= @from AND day < @to GROUP BY account_id, user_key`).raw(),
    accountDaysOfAccounts: db.prepare(`SELECT account_id, day, active_users, last_seen FROM account_days WHERE project = @project AND day >= @from AND day < @to AND account_id IN (SELECT value FROM json_each(@accounts))
      ORDER BY day, account_id`).raw(),
    accountDays: db.prepare(`SELECT account_id, day, active_users, last_seen FROM account_days WHERE project = ? AND day >= ? AND day < ?
      ORDER BY day, account_id`).raw() as Statement<[string, number, number], AccountDayDbRow>,
    featureUsage: db.prepare(FEATURE_USAGE_SQL(() => '?')) as Statement<[string, number, number], FeatureUsageDbRow>,
    // Each (user, account) with the names it used in a window (feature-user-names.ts).
    adoption: prepareFeatureUserNameReads(db),
    eventTotals: db.prepare(`SELECT event, sum(count), min(first_ts), max(last_ts)
      FROM feature_event_days WHERE project = ? AND day >= ? AND day < ? GROUP BY event`).raw(),
    accountTotals: db.prepare(`SELECT event, sum(count), min(first_ts), max(last_ts)
      FROM feature_days WHERE project = ? AND account_id = ? AND day >= ? AND day < ? GROUP BY event`).raw(),
    surveyAnswers: db.prepare(SURVEY_ANSWERS_SQL).raw(),
    // A segment's: one range of the account-first covering index per listed account, then sorted.
    surveyAnswersOfAccounts: db.prepare(`SELECT survey_id, survey_kind, user_key, account_id, score, comment, ts, choice FROM survey_events INDEXED BY survey_events_by_account
      WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND ts >= @from AND ts < @to AND kind = 'answered' ORDER BY ts, message_id`).raw(),
    countEvents: db.prepare(`SELECT count(*) AS n FROM events WHERE project = (${PROJECT_ID})`) as Statement<[string], { n: number }>,
    // Pages by the time-ordered id, decoded by the event_rows view (compact-events.ts).
    scanEvents: db.prepare(`SELECT * FROM event_rows WHERE pid = (${PROJECT_ID}) AND id > (? << ${ID_SHIFT}) + ?
      ORDER BY id LIMIT ${SCAN_PAGE}`) as Statement<[string, number, number], EventDbRow & { seq: number }>,
    linkedAnonymousIds: db.prepare(`SELECT anonymous_id FROM user_links WHERE project = ? AND user_id = ?`).pluck() as Statement<[string, string], string>,
  };
}

export type ReadStatements = ReturnType<typeof prepareReadStatements>;

/** A use-per-name row as an array: event, count, first and last use. */
export type FeatureTotalDbRow = [string, number, number, number];

/** Use-per-name rows as `FeatureTotalRow`s of `accountId` (null: everyone's or a segment's), of the listed names only when given. */
export function featureTotalsOf(rows: unknown[], accountId: string | null, names?: readonly string[]): FeatureTotalRow[] {
  const named = names && new Set(names);
  return (rows as FeatureTotalDbRow[]).filter((r) => !named || named.has(r[0])).map((r) => ({ accountId, event: r[0], count: r[1], firstUsed: r[2], lastUsed: r[3] }));
}

/**
 * Store.featureAdoption on the main connection: each (user, account)'s names in the window and, unless
 * `names` is empty, use per name. A segment's use per name is a small read (small-reads.ts) the store
 * makes beside this one: here its `eventTotals` stay empty.
 * @example featureAdoptionOf(read, 'demo', day - 30, day, 'acme').accountTotals
 */
export function featureAdoptionOf(read: ReadStatements, project: string, fromDay: number, toDay: number, accounts?: AccountScope, names?: readonly string[]): FeatureAdoption {
  const users = adoptionUsersOf(read.adoption, project, fromDay, toDay, accounts === undefined ? undefined : accountsParam(accounts));
  // Members alone, or a segment's (its use per name is read beside): no use per name here.
  if (names?.length === 0 || typeof accounts === 'object') return { users, eventTotals: [], accountTotals: [] };
  // One account's read keeps everyone's use per name and adds its own.
  const eventTotals = featureTotalsOf(read.eventTotals.all(project, fromDay, toDay), null, names);
  const accountTotals = typeof accounts === 'string' ? featureTotalsOf(read.accountTotals.all(project, accounts, fromDay, toDay), accounts, names) : [];
  return { users, eventTotals, accountTotals };
}

/**
 * The window's members from the names rollup (pairs last active before `toDay`: one JSON value) and,
 * for pairs active on or after it, from their per-name day sets; in (account, user) order.
 */
function adoptionUsersOf(reads: FeatureUserNameReads, project: string, fromDay: number, toDay: number, accounts: string | undefined): FeatureUserRow[] {
  const params = accounts === undefined ? { project, from: fromDay, to: toDay } : { project, from: fromDay, to: toDay, accounts };
  const packed = JSON.parse(accounts === undefined ? reads.recent.get(params)! : reads.recentOfAccounts.get(params)!) as PackedPair[];
  const users = namesSince(packed, reads.names.all(project), fromDay);
  const later = accounts === undefined ? reads.later.all(params) : reads.laterOfAccounts.all(params);
  if (later.length === 0) return users;
  // Pairs that used the same names share one parsed list.
  const lists = new Map<string, readonly string[]>();
  for (const [accountId, userKey, json] of later) {
    let events = lists.get(json);
    if (!events) lists.set(json, (events = (JSON.parse(json) as string[]).sort()));
    users.push({ userKey, accountId: toAccount(accountId), events });
  }
  const key = (u: FeatureUserRow) => `${u.accountId ?? ''}\u0000${u.userKey}`;
  return users.map((u) => [key(u), u] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, u]) => u);
}
