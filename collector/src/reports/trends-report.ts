// GET /v1/reports/trends?metrics=&interval=day|week|month (SPEC §10): each point is a metric of
// §6 computed on one interval as the window. Each metric is computed by the functions the report it
// belongs to uses (overview, accounts rows, features), so no definition is written twice; a point
// reads only the rollups its metrics need and computes only what they read.
import { UptakeError } from '../errors.js';
import { accountHealth, adoptedKeys, type AccountHealth } from './account-row.js';
import { sessionsPerUserPerWeek } from './adoption-metrics.js';
import { churn } from './lifecycle-metrics.js';
import { revenue } from './revenue-metrics.js';
import { summaries } from './satisfaction-report.js';
import { featureRows, type FeatureRow } from './features-report.js';
import { mapIntervals, splitWindow } from './intervals.js';
import { overviewReport, type OverviewReport } from './overview-report.js';
import { defineReport, type ReportContext } from './report-definition.js';
import type { ReportIndex } from './report-index.js';
import type { InputNeeds } from './report-inputs.js';
import { INTERVALS, reportQuerySchema, trendsQuerySchema, type Interval, type ReportQuery } from './report-query.js';
import type { Table } from './report-tables.js';
import { isoTime } from './window.js';

/** One interval's reports, built lazily: a metric asks for the one it is defined on. */
interface PointReports {
  index: ReportIndex;
  /** The health (and its parts' inputs) of each active account, as in its accounts row. */
  health(): AccountHealth[];
  overview(): OverviewReport;
  features(): FeatureRow[];
}

interface TrendMetric {
  inputs: InputNeeds;
  value(p: PointReports): number | null;
}

/** The mean of the non-null values of the active accounts' rows (null when none has one). */
function meanOf(rows: AccountHealth[], pick: (r: AccountHealth) => number | null): number | null {
  let sum = 0, n = 0;
  for (const r of rows) {
    const v = pick(r);
    if (v === null) continue;
    sum += v;
    n++;
  }
  return n === 0 ? null : sum / n;
}

// What an account row's health, breadth, seat utilization and stickiness read.
// Breadth reads which features each account adopted, not who used them; stickiness the user-days alone.
const ROW_INPUTS: InputNeeds = { activity: true, userDays: true, accountFeatures: true, answers: true };

export const TREND_METRICS: Record<string, TrendMetric> = {
  // The overview's fields, computed as the overview computes them.
  activeAccounts: { inputs: { activity: true }, value: (p) => p.index.activeUsersByAccount.size },
  activeUsers: { inputs: { activity: true }, value: (p) => p.index.activeUsers },
  nps: { inputs: { answers: true }, value: (p) => summaries(p.index.answers).nps.score },
  csat: { inputs: { answers: true }, value: (p) => summaries(p.index.answers).csat.score },
  health: { inputs: ROW_INPUTS, value: (p) => meanOf(p.health(), (r) => r.health) },
  seatUtilization: { inputs: { activity: true }, value: (p) => meanOf(p.health(), (r) => r.metrics.seatUtilization) },
  breadth: { inputs: { activity: true, accountFeatures: true }, value: (p) => meanOf(p.health(), (r) => r.metrics.breadth) },
  stickiness: { inputs: { activity: true, userDays: true }, value: (p) => meanOf(p.health(), (r) => r.metrics.stickiness) },
  mrr: { inputs: { activity: true }, value: (p) => revenue(activeRevenue(p.index)).mrr },
  churnRate: { inputs: { activity: true }, value: (p) => churn(new Set(p.index.previousActiveUsersByAccount.keys()), new Set(p.index.activeUsersByAccount.keys())).churnRate },
  activationRate: { inputs: { firstActivation: true }, value: (p) => p.overview().activationRate },
  sessionsPerUserPerWeek: { inputs: { activity: true, sessions: true }, value: (p) => sessionsPerUserPerWeek(p.index.sessionTotals.sessions, p.index.activeUsers, p.index.inputs.window.days) },
};

/** What revenue reads of each active account (its accounts row's mrr and activeUsers). */
function activeRevenue(index: ReportIndex): { mrr: number | null; activeUsers: number }[] {
  return [...index.activeUsersByAccount].map(([id, activeUsers]) => ({ mrr: index.inputs.accounts.get(id)?.mrr ?? null, activeUsers }));
}

/** The metric a name asks for (`feature:<key>` is that feature's accountAdoptionRate); undefined when unknown. */
export function trendMetric(name: string): TrendMetric | undefined {
  if (Object.hasOwn(TREND_METRICS, name)) return TREND_METRICS[name];
  if (name.startsWith('feature:') && name.length > 'feature:'.length) {
    const key = name.slice('feature:'.length);
    return { inputs: { activity: true, featureAdoption: true }, value: (p) => p.features().find((f) => f.key === key)?.accountAdoptionRate ?? null };
  }
  return undefined;
}

export interface TrendPoint {
  start: string;
  end: string;
  [metric: string]: number | string | null;
}

export interface TrendsReport {
  from: string;
  to: string;
  interval: Interval;
  metrics: string[];
  points: TrendPoint[];
}

function metricsOf(query: ReportQuery): string[] {
  const names = [...new Set((query.metrics ?? '').split(',').map((m) => m.trim()).filter((m) => m !== ''))];
  if (names.length === 0) throw new UptakeError('invalid_request', 'metrics: name at least one metric');
  const unknown = names.find((m) => trendMetric(m) === undefined);
  if (unknown !== undefined) throw new UptakeError('invalid_request', `metrics: unknown metric "${unknown}" (expected ${Object.keys(TREND_METRICS).join(', ')} or feature:<key>)`);
  return names;
}

function intervalOf(query: ReportQuery): Interval {
  const interval = query.interval ?? 'week';
  if (!(INTERVALS as readonly string[]).includes(interval)) throw new UptakeError('invalid_request', `interval must be day, week or month, got "${interval}"`);
  return interval as Interval;
}

/** One interval's reports over an index, each built once and only when a metric asks. */
export function pointReports(index: ReportIndex): PointReports {
  let health: AccountHealth[] | undefined, overview: OverviewReport | undefined, features: FeatureRow[] | undefined;
  const p: PointReports = {
    index,
    health: () => (health ??= [...index.activeUsersByAccount.keys()].sort().map((id) => accountHealth(index, id, adoptedKeys(index, id)))),
    overview: () => (overview ??= overviewReport(index)),
    features: () => (features ??= featureRows(index)),
  };
  return p;
}

async function buildTrends({ window, query, load, readSpan }: ReportContext): Promise<TrendsReport> {
  const metrics = metricsOf(query);
  const interval = intervalOf(query);
  const intervals = splitWindow(window, interval);
  const needs: InputNeeds = Object.assign({}, ...metrics.map((m) => trendMetric(m)!.inputs));
  // The rows the points derive their inputs from are read once for the whole widened window.
  const span = intervals.length > 1 ? await readSpan(intervals, needs) : undefined;
  const points = await mapIntervals(intervals, async (w): Promise<TrendPoint> => {
    const p = pointReports(await load(w, needs, undefined, span));
    const point: TrendPoint = { start: isoTime(w.from)!, end: isoTime(w.to)! };
    for (const m of metrics) point[m] = trendMetric(m)!.value(p);
    return point;
  });
  return { from: points[0]?.start ?? isoTime(window.from)!, to: points[points.length - 1]?.end ?? isoTime(window.to)!, interval, metrics, points };
}

export const trendsDefinition = defineReport<TrendsReport>({
  name: 'trends',
  path: '/v1/reports/trends',
  query: reportQuerySchema.extend(trendsQuerySchema.shape),
  inputs: {},
  validate: (query) => {
    metricsOf(query);
    intervalOf(query);
  },
  build: buildTrends,
  csv: (report): Table => ({ header: ['start', 'end', ...report.metrics], rows: report.points.map((p) => [p.start, p.end, ...report.metrics.map((m) => p[m])]) }),
});
