// Guards reports and admin routes (SPEC §6, §7, §16): `Authorization: Bearer` with the project's
// secret key (compared in constant time) or a named token (found by its hash, revoked ones refused
// on the next request). Sets `project` and `principal`; neither key nor token is ever logged.
import type { Context, MiddlewareHandler } from 'hono';
import type { ProjectConfig } from '../config.js';
import type { AppContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { projectForSecretKey } from './secret-key.js';
import type { AuditActor, TokenScope } from '../storage/access-store.js';
import { hashToken, TOKEN_PREFIX } from './tokens.js';

/** Who is calling: the secret key acts as an `admin` token of its project. */
export interface Principal {
  actor: AuditActor;
  scope: TokenScope;
  /** A reports:read token narrowed to one account. */
  accountId: string | null;
}

export type AccessEnv = { Variables: { project: ProjectConfig; principal: Principal } };

/** A token's "last used" time is written at most this often per token. */
const TOUCH_EVERY_MS = 60_000;

async function authenticate(ctx: AppContext, c: Context, lastTouch: Map<string, number>): Promise<{ project: ProjectConfig; principal: Principal }> {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('authorization') ?? '');
  if (!match) throw new UptakeError('unauthorized', 'reports and admin need "Authorization: Bearer <secretKey or token>"');
  const key = match[1];
  if (key.startsWith(TOKEN_PREFIX)) {
    const token = await ctx.store.findAccessToken(hashToken(key));
    const project = token ? ctx.config.projects.find((p) => p.id === token.project) : undefined;
    if (!token || !project) throw new UptakeError('unauthorized', 'unknown or revoked token');
    const now = ctx.now();
    if (now - (lastTouch.get(token.id) ?? -Infinity) >= TOUCH_EVERY_MS) {
      lastTouch.set(token.id, now);
      await ctx.store.touchAccessToken(token.id, now);
    }
    return { project, principal: { actor: { type: 'token', id: token.id, name: token.name }, scope: token.scope, accountId: token.accountId } };
  }
  const project = projectForSecretKey(ctx.config.projects, key);
  if (!project) throw new UptakeError('unauthorized', 'unknown secret key or token (a write key does not open reports)');
  return { project, principal: { actor: { type: 'secretKey' }, scope: 'admin', accountId: null } };
}

/**
 * Hono middleware: 401 without a valid secret key or token, 403 when its scope does not reach `need`.
 * @example app.use('/v1/admin/*', requireAccess(ctx, 'admin'))
 */
export function requireAccess(ctx: AppContext, need: TokenScope): MiddlewareHandler<AccessEnv> {
  const lastTouch = new Map<string, number>();
  return async (c, next) => {
    // Another guard of the same request (sub-apps mounted at '/') already authenticated it.
    if (!c.get('principal')) {
      const { project, principal } = await authenticate(ctx, c, lastTouch);
      c.set('project', project);
      c.set('principal', principal);
    }
    const principal = c.get('principal');
    if (need === 'admin' && principal.scope !== 'admin') {
      throw new UptakeError('forbidden', 'this token may read reports only; admin actions need an admin token or the secret key');
    }
    // Closed by default: a token narrowed to one account passes only to that account's paths, so a
    // report route added later cannot leak other accounts to it.
    if (principal.accountId !== null && !accountPathAllowed(c.req.path, principal.accountId)) assertWholeProject(principal);
    await next();
  };
}

/**
 * The paths a token narrowed to `accountId` may reach: the accounts report (filtered to its row by
 * the route) and `/v1/reports/accounts/<accountId>` with anything below it (its page, its history).
 * @example accountPathAllowed('/v1/reports/accounts/acme/history', 'acme') // → true
 */
export function accountPathAllowed(path: string, accountId: string): boolean {
  if (path === '/v1/reports/accounts') return true;
  const match = /^\/v1\/reports\/accounts\/([^/]+)(?:\/.*)?$/.exec(path);
  if (!match) return false;
  try {
    return decodeURIComponent(match[1]) === accountId;
  } catch {
    return false;
  }
}

/**
 * 403 unless the caller may see `accountId` (any account, or the one its token is narrowed to).
 * @example assertAccountAllowed(c.get('principal'), c.req.param('accountId'))
 */
export function assertAccountAllowed(principal: Principal, accountId: string): void {
  if (principal.accountId !== null && principal.accountId !== accountId) {
    throw new UptakeError('forbidden', `this token may read account "${principal.accountId}" only`);
  }
}

/**
 * 403 for a token narrowed to one account: a route that spans accounts (overview, features, …).
 * @example assertWholeProject(c.get('principal'))
 */
export function assertWholeProject(principal: Principal): void {
  if (principal.accountId !== null) throw new UptakeError('forbidden', `this token may read account "${principal.accountId}" only (its row in the accounts report, its page and history)`);
}
