// The per-account feature rollup (migration 43): for each (account, feature event name), the days ANY
// user of the account used it, as one day bitmap (storage/day-bitmap.ts). What breadth and health
// read over many windows (a trend): ~13 rows per account instead of one per (user, feature). It is the
// union of the account's `feature_user_days` rows: written with them (write-batch.ts, from the
// (day, account, name) rows new to `feature_days`), recomputed from them after a GDPR erase (a union
// cannot be un-OR-ed), untouched by the retention purge (raw events only). Users without an account
// have no row. Read by `accountFeatureDaysOf` (Store.accountFeatureDays).
import type { Database, Statement } from 'better-sqlite3';
import { dayBitmap } from '../day-bitmap.js';
import { NO_ACCOUNT } from '../rollup-deltas.js';
import type { AccountFeatureDaysRow, AccountScope } from '../store.js';
import { accountsParam } from '../row-mappers.js';

/** Rows of an account's (account, name) pairs, rebuilt from its users' rows (the migration, an erase). */
const UNION_OF_USERS = `SELECT project, account_id, event, min(first_day), max(last_day), day_bits_union(days, first_day) FROM feature_user_days`;

export const accountFeatureDaysMigration = {
  version: 43,
  name: 'feature days per account and name (the union of its users\' days)',
  // Needs the day_bits SQL functions (day-bitmap-functions.ts), registered before migrating.
  sql: `
    -- Days any user of the account used the feature event name: bit i of days = day first_day + i.
    -- IF NOT EXISTS and DELETE: a database whose migrations were undone for a rerun is filled afresh.
    CREATE TABLE IF NOT EXISTS account_feature_days (
      project TEXT NOT NULL,
      account_id TEXT NOT NULL,
      event TEXT NOT NULL,
      first_day INTEGER NOT NULL,
      last_day INTEGER NOT NULL,
      days BLOB NOT NULL,
      PRIMARY KEY (project, account_id, event)
    ) WITHOUT ROWID;
    DELETE FROM account_feature_days;
    INSERT INTO account_feature_days (project, account_id, event, first_day, last_day, days)
      ${UNION_OF_USERS} WHERE account_id <> '' GROUP BY project, account_id, event;
  `,
};

/** The upsert of an (account, name) row with new days: the stored days and the row's, merged. */
export function prepareAccountFeatureDaysUpsert(db: Database): Statement<[string, string, string, number, number, Buffer]> {
  return db.prepare(`INSERT INTO account_feature_days (project, account_id, event, first_day, last_day, days) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (project, account_id, event) DO UPDATE SET days = day_bits_merge(days, first_day, excluded.days, excluded.first_day),
      first_day = min(first_day, excluded.first_day), last_day = max(last_day, excluded.last_day)`);
}

/**
 * Collects the (day, account, name) rows new to `feature_days` in a batch and writes their days into
 * the accounts' rows, one upsert per (account, name).
 * @example const days = new AccountFeatureDayDeltas(); days.add('acme', 'Export', 20_000); days.write(upsert, 'demo')
 */
export class AccountFeatureDayDeltas {
  private readonly days = new Map<string, { accountId: string; event: string; days: number[] }>();

  add(accountId: string, event: string, day: number): void {
    if (accountId === NO_ACCOUNT) return;
    const key = `${accountId}\u0000${event}`;
    const held = this.days.get(key);
    if (held) held.days.push(day);
    else this.days.set(key, { accountId, event, days: [day] });
  }

  write(upsert: Statement<[string, string, string, number, number, Buffer]>, project: string): void {
    for (const r of this.days.values()) {
      const b = dayBitmap(r.days);
      upsert.run(project, r.accountId, r.event, b.firstDay, b.lastDay, Buffer.from(b.bits.buffer, b.bits.byteOffset, b.bits.length));
    }
  }
}

/**
 * After a GDPR erase removed users' `feature_user_days` rows: the listed (account, name) rows again
 * the union of what remains (deleted when no user is left). Run inside the erase's transaction.
 * @example recomputeAccountFeatureDays(db, 'demo', [['acme', 'Export']])
 */
export function recomputeAccountFeatureDays(db: Database, project: string, pairs: Iterable<readonly [string, string]>): void {
  const remove = db.prepare('DELETE FROM account_feature_days WHERE project = ? AND account_id = ? AND event = ?');
  // The primary key's (project, account_id) prefix finds the account's rows.
  const rebuild = db.prepare(`INSERT INTO account_feature_days (project, account_id, event, first_day, last_day, days)
    ${UNION_OF_USERS} WHERE project = ? AND account_id = ? AND event = ? GROUP BY project, account_id, event`);
  for (const [accountId, event] of pairs) {
    if (accountId === NO_ACCOUNT) continue;
    remove.run(project, accountId, event);
    rebuild.run(project, accountId, event);
  }
}

/** Rows with a day in [@from, @to) (no `recent` column as in sqlActiveIn: a few rows per account, ranges of weeks or months). */
const ACTIVE = `(CASE WHEN first_day >= @to OR last_day < @from THEN 0 WHEN last_day < @to OR first_day >= @from THEN 1
  ELSE day_bits_any(days, first_day, @from, @to) END)`;

/**
 * Prepares the read of Store.accountFeatureDays on a connection.
 * @example const reads = prepareAccountFeatureReads(db); accountFeatureDaysOf(reads, 'demo', 20_000, 20_364)
 */
export function prepareAccountFeatureReads(db: Database) {
  return {
    all: db.prepare(`SELECT account_id, event, first_day, last_day, days FROM account_feature_days
      WHERE project = @project AND ${ACTIVE}`).raw(),
    // The listed accounts' rows (@accounts: a JSON array), one range of the primary key per account.
    ofAccounts: db.prepare(`SELECT account_id, event, first_day, last_day, days FROM account_feature_days
      WHERE project = @project AND account_id IN (SELECT value FROM json_each(@accounts)) AND ${ACTIVE}`).raw(),
  };
}

export type AccountFeatureReads = ReturnType<typeof prepareAccountFeatureReads>;

/** Each (account, name) row with a day in [fromDay, toDay), of every account or of the listed ones. */
export function accountFeatureDaysOf(s: AccountFeatureReads, project: string, fromDay: number, toDay: number, accounts?: AccountScope): AccountFeatureDaysRow[] {
  const params = { project, from: fromDay, to: toDay };
  const raw = (accounts === undefined ? s.all.all(params)
    : s.ofAccounts.all({ ...params, accounts: accountsParam(accounts) })) as [string, string, number, number, Buffer][];
  const out = new Array<AccountFeatureDaysRow>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    out[i] = { accountId: r[0], event: r[1], days: { firstDay: r[2], lastDay: r[3], bits: r[4] } };
  }
  return out;
}
