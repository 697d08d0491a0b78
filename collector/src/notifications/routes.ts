// Admin routes of notifications (SPEC §11), behind the secret key or an admin token like every admin route:
// list the outbox, retry one, send a test to a destination, evaluate the account rules now.
import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { requireAccess, type AccessEnv } from '../access/require-access.js';
import { recordAudit } from '../access/audit.js';
import type { NotificationRow, NotificationStatus } from '../storage/store.js';

const STATUSES = ['pending', 'delivered', 'failed'] as const;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A notification as admins see it: no body (it may quote comments), never a secret or URL. */
function listed(row: NotificationRow) {
  return {
    id: row.id, type: row.type, destination: row.destination, status: row.status, attempts: row.attempts, lastError: row.lastError,
    createdAt: iso(row.createdAt), nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt) : null, deliveredAt: iso(row.deliveredAt),
    occurredAt: (JSON.parse(row.body) as { occurredAt?: string }).occurredAt ?? null,
  };
}

/**
 * Mounts `/v1/admin/notifications…`.
 * @example app.route('/', notificationsRoutes(ctx))
 */
export function notificationsRoutes(ctx: AppContext): Hono<AccessEnv> {
  const app = new Hono<AccessEnv>();
  app.use('/v1/admin/notifications', requireAccess(ctx, 'admin'));
  app.use('/v1/admin/notifications/*', requireAccess(ctx, 'admin'));

  app.get('/v1/admin/notifications', async (c) => {
    const status = c.req.query('status') ?? null;
    if (status !== null && !STATUSES.includes(status as NotificationStatus)) {
      throw new UptakeError('invalid_request', `status must be one of ${STATUSES.join(', ')}, got "${status}"`);
    }
    const limitText = c.req.query('limit') ?? '100';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UptakeError('invalid_request', `limit must be an integer 1-1000, got "${limitText}"`);
    const rows = await ctx.store.listNotifications(c.get('project').id, status as NotificationStatus | null, limit);
    c.header('Cache-Control', 'no-store');
    return c.json({ notifications: rows.map(listed) });
  });

  app.post('/v1/admin/notifications/evaluate', async (c) => {
    return c.json(await ctx.notifications.evaluate(c.get('project')));
  });

  app.post('/v1/admin/notifications/test', async (c) => {
    const project = c.get('project');
    const destination = c.req.query('destination') ?? '';
    if (!project.notifications?.destinations.some((d) => d.id === destination)) {
      throw new UptakeError('invalid_request', `destination: no destination "${destination}" in this project's notifications`);
    }
    const { id, outcome } = await ctx.notifications.test(project, destination);
    return c.json({ id, status: outcome.status, error: outcome.status === 'delivered' ? null : outcome.error });
  });

  app.post('/v1/admin/notifications/:id/retry', async (c) => {
    const id = c.req.param('id');
    if (!(await ctx.store.retryNotification(c.get('project').id, id, ctx.now()))) throw new UptakeError('not_found', `no notification "${id}"`);
    await recordAudit(ctx.store, { project: c.get('project').id, actor: c.get('principal').actor, action: 'notification.retried', target: `notification:${id}`, at: ctx.now() });
    ctx.notifications.worker.wake();
    return c.json({ id, status: 'pending' });
  });

  return app;
}
