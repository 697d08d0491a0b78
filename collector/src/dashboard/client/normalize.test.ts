import { describe, expect, it } from 'vitest';
import { healthBand, healthFromAccounts, readCohorts, readHealthDistribution, readTrend, readUsers, readVerbatims } from './normalize.js';

const nps = (score: number | null, responses: number) => ({ score, promoters: 0, passives: 0, detractors: 0, responses });
const csat = (score: number | null, responses: number) => ({ score, mean: null, responses });

describe('report readers (the server report types)', () => {
  it('reads the weekly trend oldest first, keeping null scores', () => {
    const trend = readTrend({
      trend: [
        { week: '2026-11-16T00:00:00.000Z', nps: nps(20, 5), csat: csat(null, 0) },
        { week: '2026-11-09T00:00:00.000Z', nps: nps(-50, 2), csat: csat(80, 5) },
      ],
    });
    expect(trend).toEqual([
      { week: '2026-11-09T00:00:00.000Z', nps: -50, csat: 80, npsResponses: 2, csatResponses: 5 },
      { week: '2026-11-16T00:00:00.000Z', nps: 20, csat: null, npsResponses: 5, csatResponses: 0 },
    ]);
  });

  it('reads verbatims newest first', () => {
    const base = { surveyId: 's', kind: 'nps' as const, accountName: null };
    const verbatims = readVerbatims({
      verbatims: [
        { ...base, comment: 'old', score: 3, timestamp: '2026-11-01T00:00:00.000Z', userId: 'u1', accountId: 'a1' },
        { ...base, comment: 'new', score: 10, timestamp: '2026-11-20T00:00:00.000Z', userId: 'u2', accountId: null },
      ],
    });
    expect(verbatims.map((verbatim) => verbatim.comment)).toEqual(['new', 'old']);
    expect(verbatims[1]).toMatchObject({ score: 3, kind: 'nps', user: 'u1', accountId: 'a1' });
  });

  it('reads the account users of the account report', () => {
    const [user] = readUsers({
      users: [{ userId: 'anon-9', identified: false, name: null, email: null, role: null, lastSeen: '2026-11-20T10:00:00.000Z', events: 12, activeDays: 3, features: 2 }],
    });
    expect(user).toEqual({ id: 'anon-9', identified: false, name: null, email: null, role: null, lastSeen: '2026-11-20T10:00:00.000Z', activeDays: 3, features: 2, events: 12 });
  });

  it('reads the retention report: cohorts with weekly shares, oldest first', () => {
    const cohort = (start: string, accounts: number, shares: number[]) => ({
      cohort: start, accounts, weeks: shares.map((share, week) => ({ week, start, activeAccounts: share * accounts, share })),
    });
    const report = { from: '', to: '', period: 'week' as const, cohorts: [cohort('2026-11-09T00:00:00.000Z', 4, [1, 0.25]), cohort('2026-11-02T00:00:00.000Z', 2, [1])] };
    expect(readCohorts(report)).toEqual([
      { start: '2026-11-02T00:00:00.000Z', size: 2, shares: [1] },
      { start: '2026-11-09T00:00:00.000Z', size: 4, shares: [1, 0.25] },
    ]);
  });

  it('bands health: ≥ 70 healthy, 40–69 neutral, < 40 at risk', () => {
    expect([healthBand(70), healthBand(69.9), healthBand(40), healthBand(39), healthBand(null)]).toEqual(['healthy', 'neutral', 'neutral', 'at-risk', null]);
  });

  it('counts accounts into ten health buckets and leaves out accounts without a score', () => {
    const buckets = healthFromAccounts([{ health: 0 }, { health: 9.99 }, { health: 55 }, { health: 100 }, { health: null }]);
    expect(buckets.map((bucket) => bucket.count)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(buckets[9]).toEqual({ label: '90–100', count: 1, band: 'healthy' });
  });

  it('labels the overview health distribution by band', () => {
    expect(readHealthDistribution({ atRisk: 1, neutral: 2, healthy: 3, unknown: 4 })).toEqual([
      { label: 'Healthy', count: 3, band: 'healthy' },
      { label: 'Neutral', count: 2, band: 'neutral' },
      { label: 'At risk', count: 1, band: 'at-risk' },
      { label: 'No score', count: 4, band: null },
    ]);
  });
});
