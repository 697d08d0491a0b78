// GDPR erase on PostgreSQL, inside the caller's transaction: the user's events and those of the
// anonymous ids seen with them, their profile, responses and every rollup row. Rollup rows shared
// with other users (per account or name and day) are recomputed, for the keys the user counted in. The user's advisory locks keep a concurrent batch of theirs out.
import type { Pipeline } from './pg-pipeline.js';
import { readErasedRollupKeys, recomputeErasedRollups } from './pg-report-rollups.js';
import { readErasedAccountNameDays, recomputeAccountNameDays } from './pg-account-name-days.js';
import { sendLocks, userLockName } from './pg-write-batch.js';

/** Every table an erase deletes from or updates: vacuumed after it. */
export const ERASED_TABLES = [
  'events', 'account_days', 'user_days', 'feature_usage', 'first_events', 'sessions', 'survey_events',
  'account_users', 'users', 'user_links', 'accounts', 'plan_changes',
  'user_day_sets', 'feature_day_sets', 'feature_name_days', 'account_session_days', 'account_name_days', 'account_feature_day_sets',
] as const;

/** An erase is rare: its statements are planned for their arguments rather than prepared. */
const ONCE = { prepared: false };

/**
 * Erases one user; returns the raw events deleted.
 * @example await eraseUser(tx, 'demo', 'u1') // → { events: 12 }
 */
export async function eraseUser(tx: Pipeline, project: string, userId: string): Promise<{ events: number }> {
  await sendLocks(tx, [userLockName(project, userId)]);
  // Read after the user's lock: a batch of theirs that linked a new anonymous id has committed.
  const links = await tx.send<{ anonymous_id: string }>('SELECT anonymous_id FROM user_links WHERE project = $1 AND user_id = $2', [project, userId], ONCE);
  const anonymous = links.rows.map((r) => r.anonymous_id).filter((k) => k !== userId);
  await sendLocks(tx, anonymous.map((k) => userLockName(project, k)));
  const keys = [userId, ...anonymous];
  const q = (sql: string, params: unknown[] = []) => tx.send(sql, [project, keys, ...params], ONCE);

  const events = (await q('DELETE FROM events WHERE project = $1 AND user_key = ANY($2::text[]) AND (user_id IS NULL OR user_id = $3)', [userId])).rowCount ?? 0;

  // The rollup rows shared with other users that the erased rows count in: recomputed after the delete.
  const shared = await readErasedRollupKeys((sql) => q(sql));
  const accountNames = await readErasedAccountNameDays((sql) => q(sql));

  const accounts = (await q('SELECT DISTINCT account_id FROM account_users WHERE project = $1 AND user_key = ANY($2::text[]) ORDER BY account_id')).rows.map(
    (r) => r.account_id as string,
  );
  for (const table of ['user_days', 'feature_usage', 'first_events', 'sessions', 'survey_events', 'account_users', 'users']) {
    await q(`DELETE FROM ${table} WHERE project = $1 AND user_key = ANY($2::text[])`);
  }
  await tx.send('DELETE FROM user_links WHERE project = $1 AND user_id = $2', [project, userId], ONCE);
  await recomputeErasedRollups(tx, project, keys, shared);
  // After feature_name_days, as a batch writes them.
  await recomputeAccountNameDays(tx, project, accountNames);

  // An account left without users is removed with its traits and plan history. Its traits row is
  // locked first, so a concurrent group call either sees the erase through or is seen here.
  if (accounts.length > 0) {
    await tx.send('SELECT 1 FROM accounts WHERE project = $1 AND account_id = ANY($2::text[]) ORDER BY account_id FOR UPDATE', [project, accounts], ONCE);
    const orphans = await tx.send<{ account_id: string }>(
      `SELECT a AS account_id FROM unnest($2::text[]) AS a
        WHERE NOT EXISTS (SELECT 1 FROM account_users u WHERE u.project = $1 AND u.account_id = a)`,
      [project, accounts],
      ONCE,
    );
    const gone = orphans.rows.map((r) => r.account_id);
    if (gone.length > 0) {
      await tx.send('DELETE FROM accounts WHERE project = $1 AND account_id = ANY($2::text[])', [project, gone], ONCE);
      await tx.send('DELETE FROM plan_changes WHERE project = $1 AND account_id = ANY($2::text[])', [project, gone], ONCE);
    }
  }
  return { events };
}
