// The notification outbox of the PostgreSQL store (SPEC §11). Several collectors share it: a claim
// takes due rows with `FOR UPDATE SKIP LOCKED` and leases them, so each notification is sent by one.
import type { NewNotification, NotificationOutcome, NotificationRow, NotificationStatus } from '../store.js';
import { NOTIFICATION_COLUMNS as COLUMNS, notificationRow, type NotificationDbRow } from '../row-mappers.js';
import type { Pipeline } from './pg-pipeline.js';

const ONCE = { prepared: false };
type Query = (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;

const INSERT = `INSERT INTO notifications (id, project, type, destination, body, created_at, next_attempt_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
  ON CONFLICT (id) DO NOTHING`;

function insert(tx: Pipeline, items: NewNotification[]): Promise<unknown> {
  const col = <K extends keyof NewNotification>(k: K) => items.map((i) => i[k]);
  return tx.send(INSERT, [col('id'), col('project'), col('type'), col('destination'), col('body'), col('createdAt'), col('nextAttemptAt')], ONCE);
}

export async function pgEnqueue(tx: Pipeline, items: NewNotification[]): Promise<void> {
  if (items.length > 0) await insert(tx, items);
}

export async function pgRevise(tx: Pipeline, item: NewNotification, now: number): Promise<boolean> {
  const added = await tx.send(`${INSERT} RETURNING id`, [[item.id], [item.project], [item.type], [item.destination], [item.body], [item.createdAt], [item.nextAttemptAt]], ONCE);
  if (added.rowCount === 1) return true;
  const changed = await tx.send(
    `UPDATE notifications SET body = $2, next_attempt_at = least(next_attempt_at, $3)
     WHERE id = $1 AND status = 'pending' AND attempts = 0 AND lease_until <= $4`,
    [item.id, item.body, item.nextAttemptAt, now],
    ONCE,
  );
  return changed.rowCount === 1;
}

export async function pgClaim(query: Query, owner: string, now: number, leaseMs: number, limit: number): Promise<NotificationRow[]> {
  // One statement: the rows locked by another collector's claim are skipped, not waited for.
  const { rows } = await query(
    `UPDATE notifications SET lease_until = $2, lease_owner = $3
     WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= $1 AND lease_until <= $1
                  ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED)
     RETURNING ${COLUMNS}`,
    [now, now + leaseMs, owner, limit],
  );
  return (rows as unknown as NotificationDbRow[]).map(notificationRow);
}

export async function pgComplete(query: Query, id: string, owner: string, outcome: NotificationOutcome): Promise<void> {
  await query(
    `UPDATE notifications SET status = $3, attempts = attempts + 1, last_error = $4,
       next_attempt_at = coalesce($5, next_attempt_at), delivered_at = $6, lease_until = 0, lease_owner = NULL
     WHERE id = $1 AND lease_owner = $2`,
    [
      id,
      owner,
      outcome.status,
      outcome.status === 'delivered' ? null : outcome.error,
      outcome.status === 'pending' ? outcome.nextAttemptAt : null,
      outcome.status === 'delivered' ? outcome.at : null,
    ],
  );
}

export async function pgList(query: Query, project: string, status: NotificationStatus | null, limit: number): Promise<NotificationRow[]> {
  const { rows } = await query(
    `SELECT ${COLUMNS} FROM notifications WHERE project = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, id LIMIT $3`,
    [project, status, limit],
  );
  return (rows as unknown as NotificationDbRow[]).map(notificationRow);
}

export async function pgRetry(query: Query, project: string, id: string, now: number): Promise<boolean> {
  const { rowCount } = await query(
    `UPDATE notifications SET status = 'pending', next_attempt_at = $3, created_at = $3, lease_until = 0, lease_owner = NULL
     WHERE project = $1 AND id = $2`,
    [project, id, now],
  );
  return rowCount === 1;
}

export async function pgPurge(query: Query, beforeMs: number): Promise<number> {
  const { rowCount } = await query(`DELETE FROM notifications WHERE status IN ('delivered', 'failed') AND created_at < $1`, [beforeMs]);
  return rowCount ?? 0;
}

export async function pgGetState(query: Query, project: string, key: string): Promise<string | null> {
  const { rows } = await query('SELECT value FROM notification_state WHERE project = $1 AND key = $2', [project, key]);
  return rows.length > 0 ? (rows[0].value as string) : null;
}

export async function pgSaveState(tx: Pipeline, project: string, key: string, expected: string | null, next: string, items: NewNotification[]): Promise<boolean> {
  // Both statements are atomic against a concurrent collector: the loser changes no row.
  const swapped = expected === null
    ? await tx.send('INSERT INTO notification_state (project, key, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [project, key, next], ONCE)
    : await tx.send('UPDATE notification_state SET value = $3 WHERE project = $1 AND key = $2 AND value = $4', [project, key, next, expected], ONCE);
  if (swapped.rowCount !== 1) return false;
  await pgEnqueue(tx, items);
  return true;
}
