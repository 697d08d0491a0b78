// Routes of the reports part: GET /v1/reports/* (JSON, or the main table as CSV with ?format=csv)
// and DELETE /v1/admin/users/:userId, all behind the project's secret key.
import { Hono, type Context } from 'hono';
import type { AppContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { assertAccountAllowed, assertWholeProject, requireAccess, type AccessEnv } from '../access/require-access.js';
import { erasedUserTarget, recordAudit } from '../access/audit.js';
import { toCsv } from './csv.js';
import { csvFileName, querySchemaOf, REPORT_NAMES, REPORTS, reportTable } from './registry.js';
import { parseReportQuery } from './report-query.js';
import { runReport, type ReportName, type ReportQuery } from './run-report.js';

/**
 * Mounts the report and admin routes.
 * @example app.route('/', reportsRoutes(ctx))
 */
export function reportsRoutes(ctx: AppContext): Hono {
  const app = new Hono<AccessEnv>();
  // Scoped paths, not '*': this sub-app is mounted at '/', and a '*' middleware would guard every route.
  // reports:read tokens open the reports; admin needs the secret key or an admin token (SPEC §16).
  app.use('/v1/reports/*', requireAccess(ctx, 'reports:read'));
  app.use('/v1/admin/*', requireAccess(ctx, 'admin'));

  async function answer(c: Context<AccessEnv>, name: ReportName, extra: ReportQuery = {}): Promise<Response> {
    const format = c.req.query('format') ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new UptakeError('invalid_request', `format must be "json" or "csv", got "${format}"`);
    const principal = c.get('principal');
    // A token narrowed to one account reads its account page, its history and its row of the accounts report only.
    if (name === 'account' || name === 'history') assertAccountAllowed(principal, extra.accountId ?? '');
    else if (name !== 'accounts') assertWholeProject(principal);
    const query: ReportQuery = { ...parseReportQuery(querySchemaOf(name), c.req.queries()), ...extra };
    let report = await runReport(ctx.store, c.get('project'), name, query, ctx.now());
    if (name === 'accounts' && principal.accountId !== null) report = onlyAccount(report, principal.accountId);
    // Read your writes: no cache may hide an acknowledged event.
    c.header('Cache-Control', 'no-store');
    if (format === 'json') return c.json(report);
    const table = reportTable(name, report);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${csvFileName(name)}.csv"`);
    return c.body(toCsv(table.header, table.rows));
  }

  // Every report of the registry at its path; `:accountId` reaches the report as the account to show.
  for (const name of REPORT_NAMES) {
    app.get(REPORTS[name].path, (c) => answer(c, name, c.req.param('accountId') === undefined ? {} : { accountId: c.req.param('accountId') }));
  }

  // GDPR erase: idempotent, so a script may retry it; an unknown user erases nothing and still answers 200.
  app.delete('/v1/admin/users/:userId', async (c) => {
    const userId = c.req.param('userId');
    const project = c.get('project').id;
    const { events } = await ctx.store.deleteUser(project, userId);
    await recordAudit(ctx.store, { project, actor: c.get('principal').actor, action: 'user.erased', target: erasedUserTarget(userId), at: ctx.now() });
    return c.json({ userId, deleted: true, events });
  });
  return app as unknown as Hono;
}

/** The accounts report with one account's row only (a token narrowed to that account). */
function onlyAccount<R>(report: R, accountId: string): R {
  const rows = (report as { accounts?: { accountId: string }[] }).accounts;
  return Array.isArray(rows) ? { ...report, accounts: rows.filter((r) => r.accountId === accountId) } : report;
}
