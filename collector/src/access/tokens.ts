// Named, scoped tokens (SPEC §16): `ut_` + 32 random bytes, shown once; the store keeps the SHA-256
// of it only, and a request's token is found by that hash (no comparison of secrets at all).
import { createHash, randomBytes } from 'node:crypto';
import type { ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import { TOKEN_SCOPES, type AccessToken, type TokenScope } from '../storage/access-store.js';
import type { Store } from '../storage/store.js';

export const TOKEN_PREFIX = 'ut_';
const MAX_NAME = 100;

/**
 * Hex SHA-256 of a token: what the store keeps and looks tokens up by.
 * @example hashToken('ut_abc').length // 64
 */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface TokenRequest {
  name: unknown;
  scope: unknown;
  /** Narrows a reports:read token to one account. */
  accountId?: unknown;
}

/**
 * Validates a request for a token and stores a new one; returns the secret (shown once, never stored).
 * Throws `invalid_request` naming the bad field.
 * @example const { token, record } = await createToken(store, project, { name: 'Alice (PM)', scope: 'reports:read' }, Date.now())
 */
export async function createToken(store: Store, project: ProjectConfig, request: TokenRequest, now: number): Promise<{ token: string; record: AccessToken }> {
  const { name, scope, accountId = null } = request;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME) {
    throw new UptakeError('invalid_request', `name: a token needs a name of 1 to ${MAX_NAME} characters (who or what it is for)`);
  }
  if (typeof scope !== 'string' || !TOKEN_SCOPES.includes(scope as TokenScope)) {
    throw new UptakeError('invalid_request', `scope: must be ${TOKEN_SCOPES.map((s) => `"${s}"`).join(' or ')}`);
  }
  if (accountId !== null && (typeof accountId !== 'string' || accountId === '' || accountId.length > 200)) {
    throw new UptakeError('invalid_request', 'account: must be an account id (a non-empty string)');
  }
  if (accountId !== null && scope !== 'reports:read') throw new UptakeError('invalid_request', 'account: only a reports:read token can be narrowed to one account');
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const record: AccessToken = { id: `tok_${randomBytes(6).toString('hex')}`, project: project.id, name: name.trim(), scope: scope as TokenScope, accountId, createdAt: now, lastUsedAt: null };
  await store.createAccessToken({ ...record, tokenHash: hashToken(token) });
  return { token, record };
}

/** A token as the admin API and the CLI show it: never the secret nor its hash. */
export function describeToken(t: AccessToken) {
  return {
    id: t.id,
    name: t.name,
    scope: t.scope,
    accountId: t.accountId,
    createdAt: new Date(t.createdAt).toISOString(),
    lastUsedAt: t.lastUsedAt === null ? null : new Date(t.lastUsedAt).toISOString(),
  };
}
