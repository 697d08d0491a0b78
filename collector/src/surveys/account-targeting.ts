// `targeting.account` (SPEC §13): a survey for accounts in a given state — health band, risks,
// adopted or not adopted features, seat utilization — as the accounts report computes it.
import type { AccountTargeting } from './survey-schema.js';
import { healthBand as healthBandOfScore } from '../reports/health-metrics.js';

/** What the rule reads of one account: its row of the accounts report (default 30-day window). */
export interface AccountState {
  accountId: string;
  health: number | null;
  risks: string[];
  seatUtilization: number | null;
  /** Feature keys the account adopted in the window; null when not loaded (no rule needs them). */
  adopted: ReadonlySet<string> | null;
}

export type HealthBand = 'healthy' | 'neutral' | 'atRisk' | 'unknown';

/**
 * The band of a health score, as the overview's `healthDistribution` counts it.
 * @example healthBand(55) // → 'neutral'
 */
export function healthBand(health: number | null): HealthBand {
  return healthBandOfScore(health) ?? 'unknown';
}

/** Whether any key of the rule asks for per-feature adoption. */
export const needsAdoption = (t: AccountTargeting | null | undefined): boolean => !!(t?.adopted?.length || t?.notAdopted?.length);

const list = (values: readonly string[]) => values.join(', ') || 'none';
const fraction = (n: number) => String(Math.round(n * 1000) / 1000);

/**
 * Each part of the rule as {pass, detail}: every present key must hold (`health`: the band is one of
 * them; `risks`: the account has at least one of them; `adopted`: all of them; `notAdopted`: none of
 * them; `seatUtilization`: `lt` and `gte` bounds, null utilization fails).
 * @example checkAccountTargeting({ risks: ['usage_drop'] }, state) // → [{ pass: true, detail: 'risks usage_drop include one of usage_drop' }]
 */
export function checkAccountTargeting(t: AccountTargeting, state: AccountState): Array<{ pass: boolean; detail: string }> {
  const out: Array<{ pass: boolean; detail: string }> = [];
  if (t.health) {
    const band = healthBand(state.health);
    const health = state.health === null ? 'no health' : `health ${Math.round(state.health)}`;
    out.push({ pass: t.health.includes(band), detail: `${health} (${band}); wanted ${list(t.health)}` });
  }
  if (t.risks) {
    const pass = t.risks.some((r) => state.risks.includes(r));
    out.push({ pass, detail: `risks ${list(state.risks)}; wanted one of ${list(t.risks)}` });
  }
  const adopted = state.adopted ?? new Set<string>();
  if (t.adopted?.length) {
    const missing = t.adopted.filter((k) => !adopted.has(k));
    out.push({ pass: missing.length === 0, detail: missing.length ? `not adopted: ${list(missing)}` : `adopted ${list(t.adopted)}` });
  }
  if (t.notAdopted?.length) {
    const used = t.notAdopted.filter((k) => adopted.has(k));
    out.push({ pass: used.length === 0, detail: used.length ? `adopted: ${list(used)}` : `never adopted ${list(t.notAdopted)}` });
  }
  if (t.seatUtilization) {
    const { lt, gte } = t.seatUtilization;
    const u = state.seatUtilization;
    const bounds = [gte !== undefined ? `≥ ${gte}` : '', lt !== undefined ? `< ${lt}` : ''].filter(Boolean).join(' and ');
    const pass = u !== null && (gte === undefined || u >= gte) && (lt === undefined || u < lt);
    out.push({ pass, detail: `${u === null ? 'no seat utilization (no seats trait)' : `seat utilization ${fraction(u)}`}; wanted ${bounds || 'any'}` });
  }
  return out;
}
