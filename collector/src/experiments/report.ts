// The experiment reports (SPEC §12): `GET /v1/reports/experiments` (every experiment with its units
// and sample ratio check) and `/v1/reports/experiments/:key` (per variant units, users and metrics;
// differences from the first variant with 95 % intervals and p-values over units).
import type { ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import type { CsvCell } from '../reports/csv.js';
import { parseWindow } from '../reports/window.js';
import type { Store } from '../storage/store.js';
import type { ExperimentConfig } from './config-schema.js';
import { compareRatios, ratioEstimate, sampleRatioMismatch, type SampleRatioCheck } from './stats.js';
import { EXPOSURE_EVENT, exposedUnits, metricEventNames, unitValues, type ExposedUnit, type MetricContext, type OutcomeRows } from './unit-metrics.js';

export interface MetricValue {
  value: number | null;
  numerator: number;
  denominator: number;
}

export interface VariantResult {
  key: string;
  weight: number;
  units: number;
  users: number;
  metrics: Record<string, MetricValue>;
}

export interface Comparison {
  variant: string;
  /** The first variant, which every other is compared with. */
  baseline: string;
  metric: string;
  difference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  pValue: number | null;
}

export interface ExperimentReport {
  experiment: { key: string; name: string; unit: 'account' | 'user'; active: boolean; start: string; end: string | null; metrics: string[] };
  /** Exposures count in [from, exposuresUntil) = [start, min(end, to)); outcomes count until `to`. */
  from: string;
  exposuresUntil: string;
  /** End of the report window (exclusive): the query's `to`, default tomorrow. */
  to: string;
  variants: VariantResult[];
  comparisons: Comparison[];
  sampleRatioMismatch: SampleRatioCheck;
}

export interface ExperimentListRow {
  key: string;
  name: string;
  unit: 'account' | 'user';
  active: boolean;
  start: string;
  end: string | null;
  units: number;
  variants: { key: string; weight: number; units: number }[];
  sampleRatioMismatch: SampleRatioCheck;
}

/** Exposure window [start, min(end, to)) and the report's `to` (default tomorrow, SPEC §6). */
function span(exp: ExperimentConfig, to: string | undefined, now: number) {
  const toMs = parseWindow({ to }, now).to;
  const startMs = Date.parse(exp.start);
  const endMs = Math.min(exp.end === null ? Infinity : Date.parse(exp.end), toMs);
  return { toMs, startMs, endMs: Math.max(endMs, startMs) };
}

function findExperiment(project: ProjectConfig, key: string): ExperimentConfig {
  const exp = project.experiments.find((e) => e.key === key);
  if (!exp) throw new UptakeError('not_found', `no experiment "${key}" in project ${project.id}`);
  return exp;
}

async function readUnits(store: Store, project: ProjectConfig, exp: ExperimentConfig, startMs: number, endMs: number) {
  return exposedUnits(exp, endMs > startMs ? await store.trackEvents(project.id, [EXPOSURE_EVENT], startMs, endMs) : []);
}

const unitCounts = (exp: ExperimentConfig, units: Map<string, ExposedUnit>) => {
  const counts = new Map(exp.variants.map((v) => [v.key, 0]));
  for (const u of units.values()) counts.set(u.variant, counts.get(u.variant)! + 1);
  return exp.variants.map((v) => counts.get(v.key)!);
};

/**
 * One experiment's results.
 * @example await experimentReport(store, project, 'new-export', { to: '2026-04-01' }, Date.now())
 */
export async function experimentReport(store: Store, project: ProjectConfig, key: string, query: { to?: string }, now: number): Promise<ExperimentReport> {
  const exp = findExperiment(project, key);
  const { toMs, startMs, endMs } = span(exp, query.to, now);
  const units = await readUnits(store, project, exp, startMs, endMs);
  const ctx: MetricContext = {
    features: project.features,
    activationEvents: project.activation.events,
    surveyKinds: new Map(project.surveys.map((s) => [s.id, s.kind])),
    toMs,
  };
  let first = Infinity;
  for (const u of units.values()) first = Math.min(first, u.firstExposure);
  const needs = (...m: string[]) => units.size > 0 && exp.metrics.some((x) => m.includes(x));
  const rows: OutcomeRows = {
    events: units.size > 0 ? await store.trackEvents(project.id, metricEventNames(exp, ctx), first, toMs) : [],
    activity: needs('retention', 'activeUsers') ? await store.activityEvents(project.id, first, toMs) : [],
    answers: needs('nps', 'csat') ? await store.surveyAnswers(project.id, first, toMs) : [],
  };
  return buildReport(exp, units, rows, ctx, startMs, endMs);
}

/**
 * The report from rows already read (pure: the simulation test drives it directly).
 * @example buildReport(exp, exposedUnits(exp, exposures), rows, ctx, startMs, endMs).comparisons
 */
export function buildReport(exp: ExperimentConfig, units: Map<string, ExposedUnit>, rows: OutcomeRows, ctx: MetricContext, startMs: number, endMs: number): ExperimentReport {
  const byVariant = new Map(exp.variants.map((v) => [v.key, [] as ExposedUnit[]]));
  for (const u of units.values()) byVariant.get(u.variant)!.push(u);
  const perMetric = new Map(exp.metrics.map((m) => [m, unitValues(exp, units, rows, ctx, m)]));
  const estimates = exp.variants.map((v) => {
    const members = byVariant.get(v.key)!;
    return new Map(exp.metrics.map((m) => [m, ratioEstimate(members.map((u) => perMetric.get(m)!.get(u.unitId)!))]));
  });
  const variants: VariantResult[] = exp.variants.map((v, i) => {
    const members = byVariant.get(v.key)!;
    const users = new Set<string>();
    for (const u of members) for (const user of u.users) users.add(user);
    const metrics: Record<string, MetricValue> = {};
    for (const [m, e] of estimates[i]) metrics[m] = { value: e.value, numerator: e.numerator, denominator: e.denominator };
    return { key: v.key, weight: v.weight, units: members.length, users: users.size, metrics };
  });
  const comparisons: Comparison[] = [];
  for (let i = 1; i < exp.variants.length; i++) {
    for (const m of exp.metrics) {
      const c = compareRatios(estimates[0].get(m)!, estimates[i].get(m)!);
      comparisons.push({
        variant: exp.variants[i].key, baseline: exp.variants[0].key, metric: m,
        difference: c?.difference ?? null, ciLow: c?.ciLow ?? null, ciHigh: c?.ciHigh ?? null, pValue: c?.pValue ?? null,
      });
    }
  }
  return {
    experiment: { key: exp.key, name: exp.name, unit: exp.unit, active: exp.active, start: exp.start, end: exp.end, metrics: exp.metrics },
    from: new Date(startMs).toISOString(),
    exposuresUntil: new Date(endMs).toISOString(),
    to: new Date(ctx.toMs).toISOString(),
    variants,
    comparisons,
    sampleRatioMismatch: sampleRatioMismatch(variants.map((v) => v.units), exp.variants.map((v) => v.weight)),
  };
}

/**
 * Every experiment of the project with its units per variant and sample ratio check.
 * @example (await experimentList(store, project, {}, Date.now())).experiments[0].units
 */
export async function experimentList(store: Store, project: ProjectConfig, query: { to?: string }, now: number): Promise<{ experiments: ExperimentListRow[] }> {
  const experiments: ExperimentListRow[] = [];
  for (const exp of project.experiments) {
    const { startMs, endMs } = span(exp, query.to, now);
    const counts = unitCounts(exp, await readUnits(store, project, exp, startMs, endMs));
    experiments.push({
      key: exp.key, name: exp.name, unit: exp.unit, active: exp.active, start: exp.start, end: exp.end,
      units: counts.reduce((a, b) => a + b, 0),
      variants: exp.variants.map((v, i) => ({ key: v.key, weight: v.weight, units: counts[i] })),
      sampleRatioMismatch: sampleRatioMismatch(counts, exp.variants.map((v) => v.weight)),
    });
  }
  return { experiments };
}

/** The CSV / CLI table of the list: one row per experiment. */
export function experimentListTable(list: { experiments: ExperimentListRow[] }): { header: string[]; rows: CsvCell[][] } {
  return {
    header: ['key', 'name', 'unit', 'active', 'start', 'end', 'units', 'srmPValue', 'srmFlagged'],
    rows: list.experiments.map((e) => [e.key, e.name, e.unit, e.active, e.start, e.end, e.units, e.sampleRatioMismatch.pValue, e.sampleRatioMismatch.flagged]),
  };
}

/** The CSV / CLI table of one experiment: one row per (variant, metric), with its comparison. */
export function experimentTable(report: ExperimentReport): { header: string[]; rows: CsvCell[][] } {
  const rows: CsvCell[][] = [];
  for (const v of report.variants) {
    for (const m of report.experiment.metrics) {
      const r = v.metrics[m];
      const c = report.comparisons.find((x) => x.variant === v.key && x.metric === m);
      rows.push([v.key, v.units, v.users, m, r.value, r.numerator, r.denominator, c?.difference, c?.ciLow, c?.ciHigh, c?.pValue]);
    }
    if (report.experiment.metrics.length === 0) rows.push([v.key, v.units, v.users]);
  }
  return { header: ['variant', 'units', 'users', 'metric', 'value', 'numerator', 'denominator', 'difference', 'ciLow', 'ciHigh', 'pValue'], rows };
}
