// All experiment routes (SPEC §12), mounted by app.ts with one line.
import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { assignRoutes } from './assign-routes.js';
import { experimentReportRoutes } from './report-routes.js';

/**
 * Mounts `GET /v1/experiments/assign` and the experiment reports.
 * @example app.route('/', experimentsRoutes(ctx))
 */
export function experimentsRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  app.route('/', assignRoutes(ctx));
  app.route('/', experimentReportRoutes(ctx));
  return app;
}
