// Admin HTTP for tokens and the audit log (SPEC §16): GET/POST /v1/admin/tokens,
// DELETE /v1/admin/tokens/:id and GET /v1/admin/audit, behind the secret key or an admin token.
import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { readJsonBody } from '../ingest/read-body.js';
import { recordAudit } from './audit.js';
import { requireAccess, type AccessEnv } from './require-access.js';
import { createToken, describeToken } from './tokens.js';

const MAX_AUDIT = 1000;

/**
 * Mounts the token and audit admin routes.
 * @example app.route('/', accessRoutes(ctx))
 */
export function accessRoutes(ctx: AppContext): Hono {
  const app = new Hono<AccessEnv>();
  app.use('/v1/admin/tokens', requireAccess(ctx, 'admin'));
  app.use('/v1/admin/tokens/*', requireAccess(ctx, 'admin'));
  app.use('/v1/admin/audit', requireAccess(ctx, 'admin'));

  app.get('/v1/admin/tokens', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ tokens: (await ctx.store.listAccessTokens(c.get('project').id)).map(describeToken) });
  });

  app.post('/v1/admin/tokens', async (c) => {
    const body = await readJsonBody(c, 16 * 1024);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UptakeError('invalid_body', 'body must be a JSON object {"name","scope","accountId"?}');
    const { name, scope, accountId, account } = body as Record<string, unknown>;
    const project = c.get('project');
    const { token, record } = await createToken(ctx.store, project, { name, scope, accountId: accountId ?? account ?? null }, ctx.now());
    await recordAudit(ctx.store, { project: project.id, actor: c.get('principal').actor, action: 'token.created', target: `token:${record.id} (${record.name}, ${record.scope}${record.accountId ? `, account ${record.accountId}` : ''})`, at: ctx.now() });
    c.header('Cache-Control', 'no-store');
    // The only time the secret is shown.
    return c.json({ ...describeToken(record), token }, 201);
  });

  app.delete('/v1/admin/tokens/:id', async (c) => {
    const project = c.get('project');
    const id = c.req.param('id');
    if (!(await ctx.store.revokeAccessToken(project.id, id, ctx.now()))) throw new UptakeError('not_found', `no active token "${id}" in project "${project.id}"`);
    await recordAudit(ctx.store, { project: project.id, actor: c.get('principal').actor, action: 'token.revoked', target: `token:${id}`, at: ctx.now() });
    return c.json({ id, revoked: true });
  });

  app.get('/v1/admin/audit', async (c) => {
    const limitText = c.req.query('limit') ?? '100';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT) throw new UptakeError('invalid_request', `limit must be an integer from 1 to ${MAX_AUDIT}`);
    const entries = await ctx.store.listAudit(c.get('project').id, limit);
    c.header('Cache-Control', 'no-store');
    return c.json({ entries: entries.map((e) => ({ at: new Date(e.at).toISOString(), actor: e.actor, action: e.action, target: e.target })) });
  });
  return app as unknown as Hono;
}
