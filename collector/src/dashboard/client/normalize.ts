// Tolerant readers for the report sub-shapes the dashboard charts (weekly trend, verbatims, users,
// retention cohorts, health distribution). They accept the field names of SPEC §6 plus a few
// close variants and drop what they cannot read, so one odd row never breaks the page.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (isObject(value)) return num(value.score);
  return null;
}

function str(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function first(object: Json, keys: readonly string[]): unknown {
  for (const key of keys) if (object[key] !== undefined) return object[key];
  return undefined;
}

function list(report: unknown, keys: readonly string[]): unknown[] {
  if (Array.isArray(report)) return report;
  if (!isObject(report)) return [];
  const found = first(report, keys);
  return Array.isArray(found) ? found : [];
}

export interface TrendPoint {
  /** Start of the week (ISO date or timestamp). */
  week: string;
  nps: number | null;
  csat: number | null;
  npsResponses: number | null;
  csatResponses: number | null;
}

/**
 * The weekly NPS/CSAT trend of a satisfaction report or account detail, oldest week first.
 * @example readTrend({ trend: [{ week: '2026-11-16', nps: { score: 20 }, csat: { score: 80 } }] })
 */
export function readTrend(report: unknown): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const item of list(report, ['trend', 'weeklyTrend', 'weekly', 'byWeek', 'weeks'])) {
    if (!isObject(item)) continue;
    const week = str(first(item, ['week', 'weekStart', 'start', 'from', 'date']));
    if (!week) continue;
    const nps = item.nps;
    const csat = item.csat;
    points.push({
      week,
      nps: num(nps),
      csat: num(csat),
      npsResponses: num(isObject(nps) ? nps.responses : item.npsResponses),
      csatResponses: num(isObject(csat) ? csat.responses : item.csatResponses),
    });
  }
  return points.sort((a, b) => Date.parse(a.week) - Date.parse(b.week));
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
 * @example readVerbatims({ verbatims: [{ comment: 'Great', score: 9, kind: 'nps' }] })
 */
export function readVerbatims(report: unknown): Verbatim[] {
  const verbatims: Verbatim[] = [];
  for (const item of list(report, ['verbatims', 'comments'])) {
    if (!isObject(item)) continue;
    const comment = str(first(item, ['comment', 'text', 'verbatim']));
    if (!comment) continue;
    verbatims.push({
      comment,
      score: num(item.score),
      kind: str(item.kind),
      accountId: str(first(item, ['accountId', 'groupId'])),
      accountName: str(first(item, ['accountName', 'name'])),
      user: str(first(item, ['userId', 'userKey', 'user', 'anonymousId'])),
      timestamp: str(first(item, ['timestamp', 'answeredAt', 'time', 'at'])),
    });
  }
  return verbatims.sort((a, b) => (Date.parse(b.timestamp ?? '') || 0) - (Date.parse(a.timestamp ?? '') || 0));
}

export interface UserSummary {
  id: string;
  /** False for an anonymous visitor (no userId yet); null when the report does not say. */
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
 * @example readUsers({ users: [{ userId: 'u1', traits: { email: 'a@b.c' } }] })
 */
export function readUsers(detail: unknown): UserSummary[] {
  const users: UserSummary[] = [];
  for (const item of list(detail, ['users'])) {
    if (!isObject(item)) continue;
    const id = str(first(item, ['userId', 'userKey', 'id', 'anonymousId']));
    if (!id) continue;
    const traits = isObject(item.traits) ? item.traits : {};
    const trait = (key: string) => str(item[key] ?? traits[key]);
    const features = item.features ?? item.featuresUsed ?? item.distinctFeatures;
    users.push({
      id,
      identified: typeof item.identified === 'boolean' ? item.identified : null,
      name: trait('name'),
      email: trait('email'),
      role: trait('role'),
      lastSeen: str(first(item, ['lastSeen', 'lastActive', 'lastUsed'])),
      activeDays: num(item.activeDays),
      features: Array.isArray(features) ? features.length : num(features),
      events: num(item.events),
    });
  }
  return users;
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
 * @example readCohorts({ cohorts: [{ cohort: '2026-11-02', size: 4, retention: [1, 0.5] }] })
 */
export function readCohorts(report: unknown): Cohort[] {
  const cohorts: Cohort[] = [];
  for (const item of list(report, ['cohorts', 'rows'])) {
    if (!isObject(item)) continue;
    const start = str(first(item, ['cohort', 'start', 'week', 'firstSeenWeek', 'period', 'from']));
    if (!start) continue;
    const size = num(first(item, ['size', 'accounts', 'count', 'cohortSize']));
    const raw = first(item, ['retention', 'shares', 'active', 'periods', 'weeks', 'values']);
    const shares = Array.isArray(raw)
      ? raw.map((cell) => {
          if (isObject(cell)) {
            const share = num(first(cell, ['share', 'rate', 'retention']));
            if (share !== null) return share;
            const active = num(first(cell, ['active', 'activeAccounts', 'count']));
            return active !== null && size ? active / size : null;
          }
          return num(cell);
        })
      : [];
    cohorts.push({ start, size, shares });
  }
  return cohorts.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
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
export function healthFromAccounts(accounts: readonly { health?: number | null }[]): HealthBucket[] {
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
 * The overview's `healthDistribution`, whatever its exact shape (list of buckets or map of
 * label → count); null when it cannot be read (the caller then counts from the accounts).
 * @example readHealthDistribution({ healthy: 3, neutral: 1, atRisk: 2, unknown: 0 })
 */
export function readHealthDistribution(value: unknown): HealthBucket[] | null {
  const bandOf = (label: string, low: number | null): HealthBand | null => {
    const key = label.toLowerCase().replace(/[^a-z]/g, '');
    if (key === 'healthy' || key === 'good' || key === 'high') return 'healthy';
    if (key === 'watch' || key === 'neutral' || key === 'medium' || key === 'fair') return 'neutral';
    if (key === 'atrisk' || key === 'risk' || key === 'poor' || key === 'low' || key === 'critical') return 'at-risk';
    return low === null ? null : healthBand(low);
  };
  const readLow = (label: string): number | null => {
    const match = /^(\d+)/.exec(label);
    return match ? Number(match[1]) : null;
  };
  const prettify = (label: string) => (label === 'atRisk' ? 'At risk' : label === 'unknown' ? 'No score' : label.charAt(0).toUpperCase() + label.slice(1));
  if (Array.isArray(value)) {
    const buckets: HealthBucket[] = [];
    for (const item of value) {
      if (!isObject(item)) continue;
      const count = num(first(item, ['count', 'accounts', 'value']));
      if (count === null) continue;
      let label = str(first(item, ['band', 'label', 'bucket', 'range', 'name']));
      const min = num(first(item, ['min', 'from', 'low']));
      const max = num(first(item, ['max', 'to', 'high']));
      if (!label && min !== null) label = max !== null ? `${min}–${max}` : `${min}+`;
      if (!label) continue;
      buckets.push({ label: prettify(label), count, band: bandOf(label, min ?? readLow(label)) });
    }
    return buckets.length ? buckets : null;
  }
  if (isObject(value)) {
    const entries = Object.entries(value).filter(([, count]) => num(count) !== null);
    if (!entries.length) return null;
    return entries.map(([label, count]) => ({ label: prettify(label), count: num(count) ?? 0, band: bandOf(label, readLow(label)) }));
  }
  return null;
}
