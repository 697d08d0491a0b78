// GET /v1/reports/trends?metrics=&interval=day|week|month (SPEC §10): each point is a metric of
// §6 computed on one interval as the window. Each metric is read off the report it belongs to
// (overview, accounts rows, features), so no definition is written twice; a point reads only the
// rollups its metrics need.
import { UptakeError } from '../errors.js';
import { activeAccountRows, type AccountRow } from './account-row.js';
import { featureRows, type FeatureRow } from './features-report.js';
import { splitWindow } from './intervals.js';
import { overviewReport, type OverviewReport } from './overview-report.js';
import { defineReport, type ReportContext } from './report-definition.js';
import type { ReportIndex } from './report-index.js';
import { readSpan, type InputNeeds } from './report-inputs.js';
import { INTERVALS, reportQuerySchema, trendsQuerySchema, type Interval, type ReportQuery } from './report-query.js';
import type { Table } from './report-tables.js';
import { isoTime } from './window.js';

/** One interval's reports, built lazily: a metric asks for the one it is defined on. */
interface PointReports {
  index: ReportIndex;
  rows(): AccountRow[];
  overview(): OverviewReport;
  features(): FeatureRow[];
}

interface TrendMetric {
  inputs: InputNeeds;
  value(p: PointReports): number | null;
}

/** The mean of the non-null values of the active accounts' rows (null when none has one). */
function meanOf(rows: AccountRow[], pick: (r: AccountRow) => number | null): number | null {
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
const ROW_INPUTS: InputNeeds = { activity: true, accountDayTotals: true, featureAdoption: true, answers: true };

export const TREND_METRICS: Record<string, TrendMetric> = {
  activeAccounts: { inputs: { activity: true }, value: (p) => p.overview().activeAccounts },
  activeUsers: { inputs: { activity: true }, value: (p) => p.overview().activeUsers },
  nps: { inputs: { answers: true }, value: (p) => p.overview().nps.score },
  csat: { inputs: { answers: true }, value: (p) => p.overview().csat.score },
  health: { inputs: ROW_INPUTS, value: (p) => meanOf(p.rows(), (r) => r.health) },
  seatUtilization: { inputs: { activity: true }, value: (p) => meanOf(p.rows(), (r) => r.seatUtilization) },
  breadth: { inputs: { activity: true, featureAdoption: true }, value: (p) => meanOf(p.rows(), (r) => r.breadth) },
  stickiness: { inputs: { activity: true, accountDayTotals: true }, value: (p) => meanOf(p.rows(), (r) => r.stickiness) },
  mrr: { inputs: { activity: true }, value: (p) => p.overview().mrr },
  churnRate: { inputs: { activity: true }, value: (p) => p.overview().churnRate },
  activationRate: { inputs: { firstActivation: true }, value: (p) => p.overview().activationRate },
  sessionsPerUserPerWeek: { inputs: { activity: true, sessions: true }, value: (p) => p.overview().sessionsPerUserPerWeek },
};

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
  let rows: AccountRow[] | undefined, overview: OverviewReport | undefined, features: FeatureRow[] | undefined;
  const p: PointReports = {
    index,
    rows: () => (rows ??= activeAccountRows(index)),
    overview: () => (overview ??= overviewReport(index, p.rows())),
    features: () => (features ??= featureRows(index)),
  };
  return p;
}

async function buildTrends({ store, project, window, query, load }: ReportContext): Promise<TrendsReport> {
  const metrics = metricsOf(query);
  const interval = intervalOf(query);
  const intervals = splitWindow(window, interval);
  const needs: InputNeeds = Object.assign({}, ...metrics.map((m) => trendMetric(m)!.inputs));
  // The rows the points derive their inputs from are read once for the whole widened window.
  const span = intervals.length > 1 ? await readSpan(store, project, intervals, needs) : undefined;
  const points = await Promise.all(intervals.map(async (w): Promise<TrendPoint> => {
    const p = pointReports(await load(w, needs, undefined, span));
    const point: TrendPoint = { start: isoTime(w.from)!, end: isoTime(w.to)! };
    for (const m of metrics) point[m] = trendMetric(m)!.value(p);
    return point;
  }));
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
