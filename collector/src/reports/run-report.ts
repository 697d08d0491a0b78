// The one entry point to every report, shared by the HTTP routes and the CLI: parses the window,
// picks the segment's accounts, loads the rollups the report's definition asks for and builds its
// JSON object, with the applied filters echoed as `segment`.
import type { ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import type { Store } from '../storage/store.js';
import { activeAccountRows } from './account-row.js';
import type { ReportContext } from './report-definition.js';
import { buildReportIndex } from './report-index.js';
import { ALL_INPUTS, loadReportInputs, readSpan } from './report-inputs.js';
import type { ReportQuery } from './report-query.js';
import { REPORTS, type ReportByName, type ReportName } from './registry.js';
import { isEmptySegment, needsAccountRows, selectAccounts, type Segment } from './segment.js';
import { parseWindow, type ReportWindow } from './window.js';

export { REPORT_NAMES, type ReportByName, type ReportName } from './registry.js';
export type { ReportQuery } from './report-query.js';
export type { AccountsReport } from './accounts-report.js';

/** A report as answered: its fields and the filters it was computed for. */
export type Segmented<R> = R & { segment: Segment };

/**
 * The accounts a segment keeps, judged on the request's window (health and risks as the
 * unfiltered accounts report shows them); undefined without filters.
 */
export async function segmentAccounts(store: Store, project: ProjectConfig, segment: Segment, window: ReportWindow): Promise<Set<string> | undefined> {
  if (isEmptySegment(segment)) return undefined;
  const accounts = await store.listAccounts(project.id);
  if (!needsAccountRows(segment)) return selectAccounts(segment, accounts);
  const rows = activeAccountRows(buildReportIndex(await loadReportInputs(store, project, window, { ...ALL_INPUTS, featureUse: false, planChanges: false, responsePairs: false })));
  return selectAccounts(segment, accounts, new Map(rows.map((r) => [r.accountId, r])));
}

/**
 * The store as one request reads it: the reads that do not depend on the window (accounts, first
 * activation events) are made once, however many windows a report reads (trends, history).
 */
function oneRequestStore(store: Store): Store {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, read());
    return memo.get(key) as Promise<T>;
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'listAccounts') return (project: string) => once(`a:${project}`, () => target.listAccounts(project));
      if (prop === 'firstEvents') return (project: string, events: string[]) => once(`f:${project}:${JSON.stringify(events)}`, () => target.firstEvents(project, events));
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Computes one report for one project.
 * @example const overview = await runReport(store, project, 'overview', { from: '2026-03-01', segment: { plan: ['pro'] } }, Date.now())
 */
export async function runReport<N extends ReportName>(storage: Store, project: ProjectConfig, name: N, query: ReportQuery, now: number): Promise<Segmented<ReportByName[N]>> {
  const store = oneRequestStore(storage);
  const definition = REPORTS[name];
  if (!definition) throw new UptakeError('not_found', `no report "${name}"`);
  const window = parseWindow(query, now);
  definition.validate?.(query);
  const segment = query.segment ?? {};
  const ids = await segmentAccounts(store, project, segment, window);
  const load: ReportContext['load'] = async (w, needs, accountId, span) => buildReportIndex(await loadReportInputs(store, project, w, needs, accountId, ids, span));
  const index = await load(window, definition.inputs, definition.scope?.(query));
  const build = definition.build as (ctx: ReportContext) => ReportByName[N] | Promise<ReportByName[N]>;
  const span: ReportContext['readSpan'] = (windows, needs, accountId) => readSpan(store, project, windows, needs, accountId, ids);
  const report = (await build({ store, project, index, window, query, load, readSpan: span })) as object;
  return { ...report, segment } as Segmented<ReportByName[N]>;
}
