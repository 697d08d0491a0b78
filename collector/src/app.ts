// Builds the Hono app: pure and testable with `app.request()`; `server.ts` binds it to a port.
import { Hono } from 'hono';
import type { AppContext } from './context.js';
import { UptakeError } from './errors.js';
import { ingestRoutes } from './ingest/routes.js';
import { surveysRoutes } from './surveys/routes.js';
import { surveyAdminRoutes } from './surveys/admin-routes.js';
import { reportsRoutes } from './reports/routes.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { assetsRoutes } from './assets/routes.js';
import { openapiRoutes } from './openapi/routes.js';
import { countResponses } from './metrics.js';
import { hardenResponses } from './middleware/hardening-headers.js';
import { accessRoutes } from './access/routes.js';
import { experimentsRoutes } from './experiments/routes.js';
import { notificationsRoutes } from './notifications/routes.js';

/**
 * Creates the collector's HTTP app.
 * @example const app = createApp(createContext(config, store)); await app.request('/healthz')
 */
export function createApp(ctx: AppContext): Hono {
  const app = new Hono();
  app.use(hardenResponses());
  app.use(countResponses(ctx.metrics));
  app.route('/', ingestRoutes(ctx));
  app.route('/', surveysRoutes(ctx));
  app.route('/', surveyAdminRoutes(ctx));
  app.route('/', reportsRoutes(ctx));
  app.route('/', accessRoutes(ctx));
  app.route('/', experimentsRoutes(ctx));
  app.route('/', dashboardRoutes(ctx));
  app.route('/', assetsRoutes(ctx));
  app.route('/', openapiRoutes());
  app.route('/', notificationsRoutes(ctx));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  // The one place errors become responses.
  app.onError((err, c) => {
    if (err instanceof UptakeError) {
      if (err.retryAfter !== undefined) c.header('Retry-After', String(Math.ceil(err.retryAfter)));
      return c.json({ error: { code: err.code, message: err.message } }, err.status as 400);
    }
    console.error('[uptake] unexpected error', err);
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  return app;
}
