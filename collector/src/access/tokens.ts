// Named, scoped tokens (SPEC §16): `ut_` + 32 random bytes, shown once; the store keeps the SHA-256
// of it only, and a request's token is found by that hash (no comparison of secrets at all).
import { createHash, randomBytes } from 'node:crypto';
import type { ProjectConfig } from '../config.js';
import { z } from 'zod';
import { UptakeError } from '../errors.js';
import { parseRequest } from '../openapi/parse-request.js';
import { TOKEN_SCOPES, type AccessToken, type TokenScope } from '../storage/access-store.js';
import type { Store } from '../storage/store.js';

export const TOKEN_PREFIX = 'ut_';
const MAX_NAME = 100;

/**
 * Hex SHA-256 of a token: what the store keeps and looks tokens up by.
 * @example hashToken('ut_abc').length // 64
 */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

const NAME_MESSAGE = `a token needs a name of 1 to ${MAX_NAME} characters (who or what it is for)`;
const ACCOUNT_MESSAGE = 'must be an account id (a non-empty string)';
const accountIdSchema = z.string(ACCOUNT_MESSAGE).min(1, ACCOUNT_MESSAGE).max(200, ACCOUNT_MESSAGE).nullish();

/**
 * A request for a token (the body of `POST /v1/admin/tokens`, the flags of `token create`): what
 * validates it is what GET /openapi.json describes. `account` is `accountId` under the CLI's name.
 */
export const tokenRequestSchema = z
  .object({
    name: z.string(NAME_MESSAGE).max(MAX_NAME, NAME_MESSAGE).trim().min(1, NAME_MESSAGE).describe(`who or what the token is for (1 to ${MAX_NAME} characters)`),
    scope: z.enum(TOKEN_SCOPES as [TokenScope, ...TokenScope[]], `must be ${TOKEN_SCOPES.map((s) => `"${s}"`).join(' or ')}`)
      .describe('reports:read: every report, CSV and the dashboard; admin: what the secret key can do'),
    accountId: accountIdSchema.describe('narrows a reports:read token to this account'),
    account: accountIdSchema.describe('same as accountId'),
  })
  .refine((r) => (r.accountId ?? r.account ?? null) === null || r.scope === 'reports:read', {
    path: ['account'], message: 'only a reports:read token can be narrowed to one account',
  });

/** A valid request for a token. */
export interface TokenRequest {
  name: string;
  scope: TokenScope;
  /** Narrows a reports:read token to one account. */
  accountId: string | null;
}

/**
 * Validates a request for a token with `tokenRequestSchema`; throws `invalid_request` naming the bad
 * field (`name:`, `scope:`, `account:`), or `invalid_body` when it is not an object.
 * @example parseTokenRequest({ name: 'Alice (PM)', scope: 'reports:read', account: 'acme' }) // → { name, scope, accountId: 'acme' }
 */
export function parseTokenRequest(input: unknown): TokenRequest {
  try {
    const { name, scope, accountId, account } = parseRequest(tokenRequestSchema, input, { whole: 'body must be a JSON object {"name","scope","accountId"?}' });
    return { name, scope, accountId: accountId ?? account ?? null };
  } catch (err) {
    // The CLI names the flag (--account) whichever of the two names was sent.
    if (err instanceof UptakeError && err.message.startsWith('accountId:')) throw new UptakeError(err.code, `account:${err.message.slice('accountId:'.length)}`);
    throw err;
  }
}

/**
 * Stores a new token for a valid request (see `parseTokenRequest`); returns the secret (shown once, never stored).
 * @example const { token, record } = await createToken(store, project, parseTokenRequest({ name: 'Alice (PM)', scope: 'reports:read' }), Date.now())
 */
export async function createToken(store: Store, project: ProjectConfig, request: TokenRequest, now: number): Promise<{ token: string; record: AccessToken }> {
  const { name, scope, accountId } = request;
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const record: AccessToken = { id: `tok_${randomBytes(6).toString('hex')}`, project: project.id, name, scope, accountId, createdAt: now, lastUsedAt: null };
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
