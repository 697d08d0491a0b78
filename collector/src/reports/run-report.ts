// The one entry point to every report, shared by the HTTP routes and the CLI: parses the window,
// loads the rollups the report's definition asks for and builds its JSON object.
import type { ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import type { Store } from '../storage/store.js';
import type { ReportContext } from './report-definition.js';
import { buildReportIndex } from './report-index.js';
import { loadReportInputs } from './report-inputs.js';
import type { ReportQuery } from './report-query.js';
import { REPORTS, type ReportByName, type ReportName } from './registry.js';
import { parseWindow } from './window.js';

export { REPORT_NAMES, type ReportByName, type ReportName } from './registry.js';
export type { ReportQuery } from './report-query.js';
export type { AccountsReport } from './accounts-report.js';

/**
 * Computes one report for one project.
 * @example const overview = await runReport(store, project, 'overview', { from: '2026-03-01' }, Date.now())
 */
export async function runReport<N extends ReportName>(store: Store, project: ProjectConfig, name: N, query: ReportQuery, now: number): Promise<ReportByName[N]> {
  const definition = REPORTS[name];
  if (!definition) throw new UptakeError('not_found', `no report "${name}"`);
  const window = parseWindow(query, now);
  definition.validate?.(query);
  const load: ReportContext['load'] = async (w, needs, accountId) => buildReportIndex(await loadReportInputs(store, project, w, needs, accountId));
  const index = await load(window, definition.inputs, definition.scope?.(query));
  const build = definition.build as (ctx: ReportContext) => ReportByName[N] | Promise<ReportByName[N]>;
  return build({ store, project, index, window, query, load });
}
