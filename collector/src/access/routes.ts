// Admin HTTP for tokens and the audit log (SPEC §16): GET/POST /v1/admin/tokens,
// DELETE /v1/admin/tokens/:id and GET /v1/admin/audit, behind the secret key or an admin token.
import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { readJsonBody } from '../ingest/read-body.js';
import { recordAudit } from './audit.js';
import { requireAccess, type AccessEnv } from './require-access.js';
import { auditQuerySchema } from './route-docs.js';
import { createToken, describeToken, parseTokenRequest } from './tokens.js';
import { parseRequest } from '../openapi/parse-request.js';

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
    const request = parseTokenRequest(await readJsonBody(c, 16 * 1024));
    const project = c.get('project');
    const { token, record } = await createToken(ctx.store, project, request, ctx.now());
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
    const { limit } = parseRequest(auditQuerySchema, c.req.query());
    const entries = await ctx.store.listAudit(c.get('project').id, limit);
    c.header('Cache-Control', 'no-store');
    return c.json({ entries: entries.map((e) => ({ at: new Date(e.at).toISOString(), actor: e.actor, action: e.action, target: e.target })) });
  });
  return app as unknown as Hono;
}
