// The notification outbox of the SQLite store (SPEC §11): written on the main thread's connection in
// IMMEDIATE transactions, each made durable by the store's WAL fsync before its promise resolves.
import type { Database as Db } from 'better-sqlite3';
import type { NewNotification, NotificationOutcome, NotificationRow, NotificationStatus } from '../store.js';
import { NOTIFICATION_COLUMNS as COLUMNS, notificationRow, type NotificationDbRow as OutboxDbRow } from '../row-mappers.js';

/** The outbox statements over one connection; every write returns synchronously (the store syncs). */
export function sqliteOutbox(db: Db) {
  const insert = db.prepare(`INSERT INTO notifications (id, project, type, destination, body, created_at, next_attempt_at)
    VALUES (@id, @project, @type, @destination, @body, @createdAt, @nextAttemptAt) ON CONFLICT (id) DO NOTHING`);
  const revise = db.prepare(`UPDATE notifications SET body = @body, next_attempt_at = min(next_attempt_at, @nextAttemptAt)
    WHERE id = @id AND status = 'pending' AND attempts = 0 AND lease_until <= @now`);
  const exists = db.prepare('SELECT 1 FROM notifications WHERE id = ?').pluck();
  const due = db.prepare(`SELECT ${COLUMNS} FROM notifications
    WHERE status = 'pending' AND next_attempt_at <= ? AND lease_until <= ? ORDER BY next_attempt_at LIMIT ?`);
  const anyDue = db.prepare(`SELECT 1 FROM notifications WHERE status = 'pending' AND next_attempt_at <= ? AND lease_until <= ? LIMIT 1`).pluck();
  const lease = db.prepare('UPDATE notifications SET lease_until = ?, lease_owner = ? WHERE id = ?');
  const complete = db.prepare(`UPDATE notifications SET status = @status, attempts = attempts + 1, last_error = @error,
    next_attempt_at = coalesce(@nextAttemptAt, next_attempt_at), delivered_at = @deliveredAt, lease_until = 0, lease_owner = NULL
    WHERE id = @id AND lease_owner = @owner`);
  const list = db.prepare(`SELECT ${COLUMNS} FROM notifications WHERE project = ? AND (? IS NULL OR status = ?)
    ORDER BY created_at DESC, id LIMIT ?`);
  const retry = db.prepare(`UPDATE notifications SET status = 'pending', next_attempt_at = @now, created_at = @now, lease_until = 0, lease_owner = NULL
    WHERE project = @project AND id = @id`);
  const purge = db.prepare(`DELETE FROM notifications WHERE status IN ('delivered', 'failed') AND created_at < ?`);
  const getState = db.prepare('SELECT value FROM notification_state WHERE project = ? AND key = ?').pluck();
  const putState = db.prepare(`INSERT INTO notification_state (project, key, value) VALUES (?, ?, ?)
    ON CONFLICT (project, key) DO UPDATE SET value = excluded.value`);

  const enqueue = (items: NewNotification[]) => {
    for (const item of items) insert.run(item);
  };
  return {
    enqueue: db.transaction(enqueue),
    revise: db.transaction((item: NewNotification, now: number): boolean => {
      if (!exists.get(item.id)) {
        insert.run(item);
        return true;
      }
      return revise.run({ id: item.id, body: item.body, nextAttemptAt: item.nextAttemptAt, now }).changes === 1;
    }),
    /** A read without the write lock: most polls find nothing due and must not contend with ingest. */
    hasDue: (now: number) => anyDue.get(now, now) !== undefined,
    claim: db.transaction((owner: string, now: number, leaseMs: number, limit: number): NotificationRow[] => {
      const rows = (due.all(now, now, limit) as OutboxDbRow[]).map(notificationRow);
      for (const r of rows) lease.run(now + leaseMs, owner, r.id);
      return rows;
    }),
    complete: (id: string, owner: string, outcome: NotificationOutcome) =>
      complete.run({
        id,
        owner,
        status: outcome.status,
        error: outcome.status === 'delivered' ? null : outcome.error,
        nextAttemptAt: outcome.status === 'pending' ? outcome.nextAttemptAt : null,
        deliveredAt: outcome.status === 'delivered' ? outcome.at : null,
      }),
    list: (project: string, status: NotificationStatus | null, limit: number) => (list.all(project, status, status, limit) as OutboxDbRow[]).map(notificationRow),
    retry: (project: string, id: string, now: number) => retry.run({ project, id, now }).changes === 1,
    purge: (beforeMs: number) => purge.run(beforeMs).changes,
    getState: (project: string, key: string) => (getState.get(project, key) as string | undefined) ?? null,
    saveState: db.transaction((project: string, key: string, expected: string | null, next: string, items: NewNotification[]): boolean => {
      const current = (getState.get(project, key) as string | undefined) ?? null;
      if (current !== expected) return false;
      putState.run(project, key, next);
      enqueue(items);
      return true;
    }),
  };
}

export type SqliteOutbox = ReturnType<typeof sqliteOutbox>;
