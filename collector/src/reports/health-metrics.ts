// Account health, its parts, risks and the overview's health buckets (SPEC §6), as pure functions.
import type { ProjectConfig } from '../config.js';

export type HealthWeights = ProjectConfig['healthWeights'];

/** Each part's 0…1 input, keyed like `healthWeights`; null when the metric behind it is null. */
export interface HealthParts {
  breadth: number | null;
  seatUtilization: number | null;
  stickiness: number | null;
  nps: number | null;
}

export const RISKS = ['usage_drop', 'low_seat_utilization', 'detractor_account', 'no_core_adoption'] as const;
export type Risk = (typeof RISKS)[number];

/**
 * Health inputs: breadth, min(seatUtilization, 1), min(stickiness / 0.5, 1), (NPS + 100) / 200.
 * @example healthParts({ breadth: 0.5, seatUtilization: 1.4, stickiness: 0.2, nps: 20 }) // { 0.5, 1, 0.4, 0.6 }
 */
export function healthParts(m: { breadth: number | null; seatUtilization: number | null; stickiness: number | null; nps: number | null }): HealthParts {
  return {
    breadth: m.breadth,
    seatUtilization: m.seatUtilization === null ? null : Math.min(m.seatUtilization, 1),
    stickiness: m.stickiness === null ? null : Math.min(m.stickiness / 0.5, 1),
    nps: m.nps === null ? null : (m.nps + 100) / 200,
  };
}

/**
 * Health(A) 0–100 = 100 × weighted mean of the parts; a null part's weight is spread over the rest pro rata.
 * Null when every part (or every remaining weight) is missing.
 * @example health({ breadth: 1, seatUtilization: null, stickiness: 0, nps: 0.5 }, weights) // 100 × (0.35 + 0.15) / 0.8 = 62.5
 */
export function health(parts: HealthParts, weights: HealthWeights): number | null {
  let weighted = 0, totalWeight = 0;
  for (const key of ['breadth', 'seatUtilization', 'stickiness', 'nps'] as const) {
    const value = parts[key];
    if (value === null) continue;
    weighted += weights[key] * value;
    totalWeight += weights[key];
  }
  return totalWeight > 0 ? (100 * weighted) / totalWeight : null;
}

/**
 * Risks: usage_drop (active users down ≥ 30 % on the previous window of equal length),
 * low_seat_utilization (< 0.3), detractor_account (account NPS < 0), no_core_adoption (breadth 0).
 * @example risks({ activeUsers: 7, previousActiveUsers: 10, seatUtilization: null, nps: null, breadth: 0.5 }) // ['usage_drop']
 */
export function risks(m: { activeUsers: number; previousActiveUsers: number; seatUtilization: number | null; nps: number | null; breadth: number | null }): Risk[] {
  const out: Risk[] = [];
  // "Down ≥ 30 %": cur ≤ 0.7 · prev, written without floating-point division (10 → 7 must count).
  if (m.previousActiveUsers > 0 && 10 * m.activeUsers <= 7 * m.previousActiveUsers) out.push('usage_drop');
  if (m.seatUtilization !== null && m.seatUtilization < 0.3) out.push('low_seat_utilization');
  if (m.nps !== null && m.nps < 0) out.push('detractor_account');
  if (m.breadth === 0) out.push('no_core_adoption');
  return out;
}

export interface HealthDistribution {
  /** health ≥ 70 */
  healthy: number;
  /** 40 ≤ health < 70 */
  neutral: number;
  /** health < 40 */
  atRisk: number;
  /** health null (no part could be computed) */
  unknown: number;
}

/** A health band: healthy ≥ 70, neutral 40–70, atRisk < 40. */
export type HealthBand = 'healthy' | 'neutral' | 'atRisk';

/**
 * The band of a health score; null health is in none. The one definition of the bands (the overview's
 * distribution, segment filters and survey targeting all use it).
 * @example healthBand(55) // 'neutral'
 */
export function healthBand(health: number | null): HealthBand | null {
  return health === null ? null : health >= 70 ? 'healthy' : health >= 40 ? 'neutral' : 'atRisk';
}

/**
 * Counts active accounts per health bucket: healthy ≥ 70, neutral 40–70, atRisk < 40, unknown = null.
 * @example healthDistribution([80, 55, 10, null]) // { healthy: 1, neutral: 1, atRisk: 1, unknown: 1 }
 */
export function healthDistribution(healths: Iterable<number | null>): HealthDistribution {
  const d: HealthDistribution = { healthy: 0, neutral: 0, atRisk: 0, unknown: 0 };
  for (const h of healths) d[healthBand(h) ?? 'unknown']++;
  return d;
}
