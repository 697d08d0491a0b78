// The SQLite store's tokens and audit log (SPEC §16), on the main-thread connection: small admin
// writes, made durable by the store (an fsync of the WAL) before they are answered.
import type { Database as Db } from 'better-sqlite3';
import {
  ACCESS_TOKEN_COLUMNS, accessTokenOfRow, auditEntryOfRow,
  type AccessToken, type AccessTokenRow, type AuditEntry, type AuditRow, type NewAccessToken,
} from '../access-store.js';

/**
 * Prepares the statements; each function runs one of them.
 * @example const access = accessTables(db); access.list('demo')
 */
export function accessTables(db: Db) {
  const insert = db.prepare(`INSERT INTO access_tokens (id, project, name, scope, account_id, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const list = db.prepare(`SELECT ${ACCESS_TOKEN_COLUMNS} FROM access_tokens WHERE project = ? AND revoked_at IS NULL ORDER BY created_at, id`);
  const find = db.prepare(`SELECT ${ACCESS_TOKEN_COLUMNS} FROM access_tokens WHERE token_hash = ? AND revoked_at IS NULL`);
  const revoke = db.prepare(`UPDATE access_tokens SET revoked_at = ? WHERE project = ? AND id = ? AND revoked_at IS NULL`);
  const touch = db.prepare(`UPDATE access_tokens SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?`);
  const audit = db.prepare(`INSERT INTO audit_log (project, at, actor, action, target) VALUES (?, ?, ?, ?, ?)`);
  const auditList = db.prepare(`SELECT project, at, actor, action, target FROM audit_log WHERE project = ? ORDER BY id DESC LIMIT ?`);
  return {
    create: (t: NewAccessToken): void => void insert.run(t.id, t.project, t.name, t.scope, t.accountId, t.tokenHash, t.createdAt),
    list: (project: string): AccessToken[] => (list.all(project) as AccessTokenRow[]).map(accessTokenOfRow),
    find: (tokenHash: string): AccessToken | null => {
      const row = find.get(tokenHash) as AccessTokenRow | undefined;
      return row ? accessTokenOfRow(row) : null;
    },
    revoke: (project: string, id: string, at: number): boolean => revoke.run(at, project, id).changes === 1,
    touch: (id: string, at: number): void => void touch.run(at, id),
    record: (e: AuditEntry): void => void audit.run(e.project, e.at, JSON.stringify(e.actor), e.action, e.target),
    listAudit: (project: string, limit: number): AuditEntry[] => (auditList.all(project, limit) as AuditRow[]).map(auditEntryOfRow),
  };
}
