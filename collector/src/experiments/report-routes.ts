// `GET /v1/reports/experiments` and `/v1/reports/experiments/:key` (SPEC §12): behind the project's
// secret key like every report; `?format=csv` gives the main table; `?to=` ends the window.
import { Hono, type Context } from 'hono';
import type { AppContext } from '../context.js';
import { parseRequest } from '../openapi/parse-request.js';
import { requireAccess, type AccessEnv } from '../access/require-access.js';
import { toCsv, type CsvCell } from '../reports/csv.js';
import { experimentReportQuerySchema } from './route-docs.js';
import { experimentList, experimentListTable, experimentReport, experimentTable } from './report.js';

/**
 * Mounts the experiment reports.
 * @example app.route('/', experimentReportRoutes(ctx))
 */
export function experimentReportRoutes(ctx: AppContext): Hono {
  const app = new Hono<AccessEnv>();
  app.use('/v1/reports/experiments', requireAccess(ctx, 'reports:read'));
  app.use('/v1/reports/experiments/*', requireAccess(ctx, 'reports:read'));

  async function answer<R extends object>(c: Context<AccessEnv>, name: string, report: R, table: (r: R) => { header: string[]; rows: CsvCell[][] }) {
    // Read your writes: no cache may hide an acknowledged event.
    c.header('Cache-Control', 'no-store');
    if (c.req.query('format') !== 'csv') return c.json(report);
    const { header, rows } = table(report);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
    return c.body(toCsv(header, rows));
  }
  // The query is validated with the schema GET /openapi.json describes it by.
  const format = (c: Context<AccessEnv>) => ({ to: parseRequest(experimentReportQuerySchema, c.req.query()).to });

  app.get('/v1/reports/experiments', async (c) => answer(c, 'experiments', await experimentList(ctx.store, c.get('project'), format(c), ctx.now()), experimentListTable));
  app.get('/v1/reports/experiments/:key', async (c) => {
    const key = c.req.param('key');
    const report = await experimentReport(ctx.store, c.get('project'), key, format(c), ctx.now());
    return answer(c, `experiment-${key.replace(/[^A-Za-z0-9_.-]/g, '_')}`, report, experimentTable);
  });
  return app as unknown as Hono;
}
