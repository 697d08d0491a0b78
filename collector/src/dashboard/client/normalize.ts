// Readers that turn the server's report shapes (its own types, see report-types.ts) into what the
// charts and tables draw: the weekly trend, verbatims, users, retention cohorts, health buckets.
import type { AccountUserRow, HealthDistribution, ReportVerbatim, RetentionReport, TrendWeek } from './report-types.js';

export interface TrendPoint {
  /** Start of the week (ISO timestamp). */
  week: string;
  nps: number | null;
  csat: number | null;
  npsResponses: number | null;
  csatResponses: number | null;
}

/**
 * The weekly NPS/CSAT trend of a satisfaction report or account detail, oldest week first.
 * @example readTrend(satisfaction)
 */
export function readTrend(report: { trend: readonly TrendWeek[] }): TrendPoint[] {
  return report.trend
    .map((w) => ({ week: w.week, nps: w.nps.score, csat: w.csat.score, npsResponses: w.nps.responses, csatResponses: w.csat.responses }))
    .sort((a, b) => Date.parse(a.week) - Date.parse(b.week));
}

export interface Verbatim {
  comment: string;
  score: number | null;
  kind: string | null;
  accountId: string | null;
  accountName: string | null;
  user: string | null;
  timestamp: string | null;
}

/**
 * Survey comments, newest first.
 * @example readVerbatims(satisfaction)
 */
export function readVerbatims(report: { verbatims: readonly ReportVerbatim[] }): Verbatim[] {
  return report.verbatims
    .filter((v) => v.comment !== '')
    .map((v) => ({ comment: v.comment, score: v.score, kind: v.kind, accountId: v.accountId, accountName: v.accountName, user: v.userId, timestamp: v.timestamp }))
    .sort((a, b) => (Date.parse(b.timestamp) || 0) - (Date.parse(a.timestamp) || 0));
}

export interface UserSummary {
  id: string;
  /** False for an anonymous visitor (no userId yet). */
  identified: boolean | null;
  name: string | null;
  email: string | null;
  role: string | null;
  lastSeen: string | null;
  activeDays: number | null;
  features: number | null;
  events: number | null;
}

/**
 * The users list of an account detail.
 * @example readUsers(accountDetail)
 */
export function readUsers(detail: { users: readonly AccountUserRow[] }): UserSummary[] {
  return detail.users.map((u) => ({
    id: u.userId, identified: u.identified, name: u.name, email: u.email, role: u.role, lastSeen: u.lastSeen, activeDays: u.activeDays, features: u.features, events: u.events,
  }));
}

export interface Cohort {
  /** Start of the cohort's first week. */
  start: string;
  size: number | null;
  /** Share (0…1) of the cohort active in period 0, 1, 2, …; null = not reached yet. */
  shares: (number | null)[];
}

/**
 * Retention cohorts, oldest first.
 * @example readCohorts(retention)
 */
export function readCohorts(report: RetentionReport): Cohort[] {
  return report.cohorts
    .map((c) => ({ start: c.cohort, size: c.accounts, shares: c.weeks.map((w) => w.share) }))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

export type HealthBand = 'healthy' | 'neutral' | 'at-risk';

/**
 * The band of a 0…100 health score: ≥ 70 healthy, 40–69 neutral, < 40 at risk.
 * @example healthBand(72) // "healthy"
 */
export function healthBand(health: unknown): HealthBand | null {
  if (typeof health !== 'number' || !Number.isFinite(health)) return null;
  if (health >= 70) return 'healthy';
  if (health >= 40) return 'neutral';
  return 'at-risk';
}

export interface HealthBucket {
  label: string;
  count: number;
  band: HealthBand | null;
}

/**
 * Health distribution in ten 10-point buckets (0–9 … 90–100), counted from account health scores
 * (accounts without a score are left out).
 * @example healthFromAccounts([{ health: 85 }, { health: 10 }]) // 1 in "10–19", 1 in "80–89"
 */
export function healthFromAccounts(accounts: readonly { health: number | null }[]): HealthBucket[] {
  const buckets: HealthBucket[] = [];
  for (let low = 0; low < 100; low += 10) {
    buckets.push({ label: low === 90 ? '90–100' : `${low}–${low + 9}`, count: 0, band: healthBand(low) });
  }
  for (const account of accounts) {
    const health = account.health;
    if (typeof health !== 'number' || !Number.isFinite(health)) continue;
    buckets[Math.min(9, Math.max(0, Math.floor(health / 10)))].count += 1;
  }
  return buckets;
}

/**
 * The overview's `healthDistribution` as labelled band buckets.
 * @example readHealthDistribution({ healthy: 3, neutral: 1, atRisk: 2, unknown: 0 })
 */
export function readHealthDistribution(d: HealthDistribution): HealthBucket[] {
  return [
    { label: 'Healthy', count: d.healthy, band: 'healthy' },
    { label: 'Neutral', count: d.neutral, band: 'neutral' },
    { label: 'At risk', count: d.atRisk, band: 'at-risk' },
    { label: 'No score', count: d.unknown, band: null },
  ];
}
