// The PostgreSQL store's tokens and audit log (SPEC §16): one statement each on a pooled connection.
import type pg from 'pg';
import {
  ACCESS_TOKEN_COLUMNS, accessTokenOfRow, auditEntryOfRow,
  type AccessToken, type AccessTokenRow, type AuditEntry, type AuditRow, type NewAccessToken,
} from '../access-store.js';

type Query = <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => Promise<pg.QueryResult<R>>;

/**
 * The access methods over the store's query function.
 * @example const access = pgAccess((sql, params) => pool.query(sql, params)); await access.list('demo')
 */
export function pgAccess(query: Query) {
  return {
    create: async (t: NewAccessToken): Promise<void> => {
      await query(`INSERT INTO access_tokens (id, project, name, scope, account_id, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        t.id, t.project, t.name, t.scope, t.accountId, t.tokenHash, t.createdAt,
      ]);
    },
    list: async (project: string): Promise<AccessToken[]> =>
      (await query<AccessTokenRow>(`SELECT ${ACCESS_TOKEN_COLUMNS} FROM access_tokens WHERE project = $1 AND revoked_at IS NULL ORDER BY created_at, id`, [project])).rows.map(accessTokenOfRow),
    find: async (tokenHash: string): Promise<AccessToken | null> => {
      const { rows } = await query<AccessTokenRow>(`SELECT ${ACCESS_TOKEN_COLUMNS} FROM access_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash]);
      return rows.length ? accessTokenOfRow(rows[0]) : null;
    },
    revoke: async (project: string, id: string, at: number): Promise<boolean> =>
      (await query(`UPDATE access_tokens SET revoked_at = $1 WHERE project = $2 AND id = $3 AND revoked_at IS NULL`, [at, project, id])).rowCount === 1,
    touch: async (id: string, at: number): Promise<void> => {
      await query(`UPDATE access_tokens SET last_used_at = greatest(coalesce(last_used_at, 0), $1) WHERE id = $2`, [at, id]);
    },
    record: async (e: AuditEntry): Promise<void> => {
      await query(`INSERT INTO audit_log (project, at, actor, action, target) VALUES ($1, $2, $3, $4, $5)`, [e.project, e.at, JSON.stringify(e.actor), e.action, e.target]);
    },
    listAudit: async (project: string, limit: number): Promise<AuditEntry[]> =>
      (await query<AuditRow>(`SELECT project, at, actor, action, target FROM audit_log WHERE project = $1 ORDER BY id DESC LIMIT $2`, [project, limit])).rows.map(auditEntryOfRow),
  };
}
