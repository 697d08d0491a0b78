// From raw rows to per-variant results of one experiment (SPEC §12), as pure functions: which units
// were exposed (and when first), and each unit's numerator and denominator of every metric, counting
// only what happened from the unit's first exposure on.
import type { ActivityEventRow, SurveyAnswerRow, TrackEventRow } from '../storage/store.js';
import { DAY_MS } from '../storage/store.js';
import type { FeatureConfig } from '../config.js';
import { countedAnswers, type SurveyKind } from '../reports/satisfaction-metrics.js';
import type { ExperimentConfig } from './config-schema.js';
import type { UnitValue } from './stats.js';

export const EXPOSURE_EVENT = '$experiment_exposure';

/** An exposed unit: its variant (that of its first exposure), when, and the users exposed in it. */
export interface ExposedUnit {
  unitId: string;
  variant: string;
  firstExposure: number;
  users: Set<string>;
}

/** The unit of a row: its account for account experiments, else its user. */
export const unitOfRow = (exp: Pick<ExperimentConfig, 'unit'>, row: { userKey: string; accountId: string | null }): string | null =>
  exp.unit === 'account' ? row.accountId : row.userKey;

/**
 * The exposed units of an experiment from exposure events of [start, min(end, to)) in time order;
 * exposures of other experiments, unknown variants or without a unit are ignored.
 * @example exposedUnits(exp, rows).get('acme')?.variant // 'control'
 */
export function exposedUnits(exp: ExperimentConfig, exposures: Iterable<TrackEventRow>): Map<string, ExposedUnit> {
  const variants = new Set(exp.variants.map((v) => v.key));
  const units = new Map<string, ExposedUnit>();
  for (const row of exposures) {
    const variant = row.properties?.variant;
    if (row.event !== EXPOSURE_EVENT || row.properties?.experiment !== exp.key || typeof variant !== 'string' || !variants.has(variant)) continue;
    const unitId = unitOfRow(exp, row);
    if (!unitId) continue;
    let unit = units.get(unitId);
    if (!unit) units.set(unitId, (unit = { unitId, variant, firstExposure: row.timestamp, users: new Set() }));
    if (row.timestamp < unit.firstExposure) Object.assign(unit, { firstExposure: row.timestamp, variant });
    unit.users.add(row.userKey);
  }
  return units;
}

/** What the metrics read besides exposures, from the earliest first exposure to `to`. */
export interface OutcomeRows {
  /** Track events named by the feature and activation metrics. */
  events: TrackEventRow[];
  activity: ActivityEventRow[];
  answers: SurveyAnswerRow[];
}

export interface MetricContext {
  features: FeatureConfig[];
  activationEvents: string[];
  /** Survey id → kind, from the config. */
  surveyKinds: ReadonlyMap<string, SurveyKind>;
  /** End of the report window (exclusive), ms. */
  toMs: number;
}

/** The event names of `feature:<key>`: the catalog entry's events, else the name itself (SPEC §6). */
export function featureEvents(features: FeatureConfig[], key: string): string[] {
  return features.find((f) => f.key === key)?.events ?? [key];
}

/** Every event name the experiment's metrics need. */
export function metricEventNames(exp: ExperimentConfig, ctx: Pick<MetricContext, 'features' | 'activationEvents'>): string[] {
  const names = new Set<string>();
  for (const m of exp.metrics) {
    if (m.startsWith('feature:')) featureEvents(ctx.features, m.slice(8)).forEach((n) => names.add(n));
    if (m === 'activation') ctx.activationEvents.forEach((n) => names.add(n));
  }
  return [...names];
}

const RETENTION_FROM = 7 * DAY_MS;
const RETENTION_TO = 14 * DAY_MS;

/**
 * Each exposed unit's numerator and denominator of `metric`, from its first exposure to `toMs`:
 * feature / activation: 1 over 1 when used / reached; retention: active in [first + 7 d, first + 14 d)
 * over units first exposed ≥ 14 days before `to`; nps / csat: Σ per-response values (+100/0/−100,
 * 100/0) over responses; activeUsers: distinct active users over 1.
 * @example unitValues(exp, units, rows, ctx, 'activation').get('acme') // { numerator: 1, denominator: 1 }
 */
export function unitValues(exp: ExperimentConfig, units: Map<string, ExposedUnit>, rows: OutcomeRows, ctx: MetricContext, metric: string): Map<string, UnitValue> {
  const out = new Map<string, UnitValue>();
  for (const id of units.keys()) out.set(id, { numerator: 0, denominator: 0 });
  // The unit of a row that happened at or after that unit's first exposure (and before `to`).
  const exposedAt = (row: { userKey: string; accountId: string | null; timestamp: number }) => {
    const id = unitOfRow(exp, row);
    const unit = id === null ? undefined : units.get(id);
    return unit && row.timestamp >= unit.firstExposure && row.timestamp < ctx.toMs ? unit : undefined;
  };

  if (metric.startsWith('feature:') || metric === 'activation') {
    const names = new Set(metric === 'activation' ? ctx.activationEvents : featureEvents(ctx.features, metric.slice(8)));
    // Without activation events configured the metric has no input: every denominator stays 0 (null).
    if (names.size === 0) return out;
    for (const v of out.values()) v.denominator = 1;
    for (const row of rows.events) {
      const unit = names.has(row.event) ? exposedAt(row) : undefined;
      if (unit) out.get(unit.unitId)!.numerator = 1;
    }
  } else if (metric === 'retention') {
    for (const unit of units.values()) if (unit.firstExposure + RETENTION_TO <= ctx.toMs) out.get(unit.unitId)!.denominator = 1;
    for (const row of rows.activity) {
      const unit = exposedAt(row);
      const since = unit ? row.timestamp - unit.firstExposure : -1;
      if (unit && since >= RETENTION_FROM && since < RETENTION_TO && out.get(unit.unitId)!.denominator === 1) out.get(unit.unitId)!.numerator = 1;
    }
  } else if (metric === 'activeUsers') {
    const users = new Map<string, Set<string>>();
    for (const row of rows.activity) {
      const unit = exposedAt(row);
      if (!unit) continue;
      let set = users.get(unit.unitId);
      if (!set) users.set(unit.unitId, (set = new Set()));
      set.add(row.userKey);
    }
    for (const [id, v] of out) Object.assign(v, { numerator: users.get(id)?.size ?? 0, denominator: 1 });
  } else if (metric === 'nps' || metric === 'csat') {
    // Only answers after the unit's exposure; then, as in SPEC §6, the latest per (user, survey).
    const after = rows.answers.filter((row) => exposedAt(row));
    for (const answer of countedAnswers(after, ctx.surveyKinds)) {
      if (answer.kind !== metric) continue;
      const v = out.get(exposedAt(answer)!.unitId)!;
      v.denominator += 1;
      v.numerator += metric === 'nps' ? (answer.score >= 9 ? 100 : answer.score <= 6 ? -100 : 0) : answer.score >= 4 ? 100 : 0;
    }
  }
  return out;
}
