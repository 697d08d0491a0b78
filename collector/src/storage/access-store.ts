// What the Store keeps for team access (SPEC §16): named tokens (only their SHA-256 hash, never the
// token) and the audit log of admin actions. Both store implementations provide these methods.

/** `reports:read`: every report, CSV and the dashboard (one account's only, with `accountId`); `admin`: what the secret key can do. */
export type TokenScope = 'reports:read' | 'admin';
export const TOKEN_SCOPES: readonly TokenScope[] = ['reports:read', 'admin'];

/** A token as listed: never its secret, nor its hash. */
export interface AccessToken {
  id: string;
  project: string;
  name: string;
  scope: TokenScope;
  /** A `reports:read` token narrowed to this account; null for the whole project. */
  accountId: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

/** A token to store: its listing fields plus the hex SHA-256 of the secret. */
export interface NewAccessToken extends Omit<AccessToken, 'lastUsedAt'> {
  tokenHash: string;
}

/** Who made an admin action: the project's secret key, a token (id and name), or the CLI on the server. */
export type AuditActor = { type: 'secretKey' } | { type: 'token'; id: string; name: string } | { type: 'cli' };

/** One admin action. `target` never holds an erased user's id (only a digest of it). */
export interface AuditEntry {
  project: string;
  at: number;
  actor: AuditActor;
  /** e.g. `user.erased`, `token.created`, `token.revoked`, `notification.retried`, `config.reloaded`. */
  action: string;
  target: string;
}

export interface AccessStore {
  /** Stores a new token (its hash only). */
  createAccessToken(token: NewAccessToken): Promise<void>;
  /** The project's tokens not revoked, oldest first. */
  listAccessTokens(project: string): Promise<AccessToken[]>;
  /** The token not revoked whose secret hashes to `tokenHash`, else null. */
  findAccessToken(tokenHash: string): Promise<(AccessToken & { project: string }) | null>;
  /** Revokes a token of the project at once; false when there is no such (unrevoked) token. */
  revokeAccessToken(project: string, id: string, at: number): Promise<boolean>;
  /** Records a use of the token (its "last used" time). */
  touchAccessToken(id: string, at: number): Promise<void>;
  /** Appends an entry to the audit log (durable when it resolves). */
  recordAudit(entry: AuditEntry): Promise<void>;
  /** The project's audit entries, newest first, at most `limit`. */
  listAudit(project: string, limit: number): Promise<AuditEntry[]>;
}

/** A row of `access_tokens` (both stores name the columns alike). */
export interface AccessTokenRow {
  id: string;
  project: string;
  name: string;
  scope: string;
  account_id: string | null;
  created_at: number;
  last_used_at: number | null;
}

/** A row of `audit_log`; `actor` is the JSON of an AuditActor. */
export interface AuditRow {
  project: string;
  at: number;
  actor: string;
  action: string;
  target: string;
}

export const accessTokenOfRow = (r: AccessTokenRow): AccessToken => ({
  id: r.id,
  project: r.project,
  name: r.name,
  scope: r.scope as TokenScope,
  accountId: r.account_id,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export const auditEntryOfRow = (r: AuditRow): AuditEntry => ({ project: r.project, at: r.at, actor: JSON.parse(r.actor) as AuditActor, action: r.action, target: r.target });

/** The columns a token listing reads. */
export const ACCESS_TOKEN_COLUMNS = 'id, project, name, scope, account_id, created_at, last_used_at';
