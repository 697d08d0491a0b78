import { describe, expect, it } from 'vitest';
import { healthBand, healthFromAccounts, readCohorts, readHealthDistribution, readTrend, readUsers, readVerbatims } from './normalize.js';

describe('report readers', () => {
  it('reads the weekly trend with score objects or plain numbers, oldest first, keeping nulls', () => {
    const trend = readTrend({
      trend: [
        { week: '2026-11-16T00:00:00.000Z', nps: { score: 20, responses: 5 }, csat: null },
        { week: '2026-11-09T00:00:00.000Z', nps: -50, csat: 80 },
        { nps: 10 },
      ],
    });
    expect(trend).toEqual([
      { week: '2026-11-09T00:00:00.000Z', nps: -50, csat: 80, npsResponses: null, csatResponses: null },
      { week: '2026-11-16T00:00:00.000Z', nps: 20, csat: null, npsResponses: 5, csatResponses: null },
    ]);
  });

  it('reads verbatims newest first and skips rows without a comment', () => {
    const verbatims = readVerbatims({
      verbatims: [
        { comment: 'old', score: 3, kind: 'nps', timestamp: '2026-11-01T00:00:00.000Z', userId: 'u1', accountId: 'a1' },
        { comment: 'new', score: 10, kind: 'nps', timestamp: '2026-11-20T00:00:00.000Z' },
        { score: 5 },
      ],
    });
    expect(verbatims.map((verbatim) => verbatim.comment)).toEqual(['new', 'old']);
    expect(verbatims[1]).toMatchObject({ score: 3, kind: 'nps', user: 'u1', accountId: 'a1' });
  });

  it('reads users with traits nested or flat', () => {
    expect(readUsers({ users: [{ userId: 'u1', traits: { email: 'a@b.c' }, lastSeen: '2026-11-20T00:00:00.000Z' }, { userKey: 'anon-1', name: 'Ann' }] })).toEqual([
      { id: 'u1', identified: null, name: null, email: 'a@b.c', role: null, lastSeen: '2026-11-20T00:00:00.000Z', activeDays: null, features: null, events: null },
      { id: 'anon-1', identified: null, name: 'Ann', email: null, role: null, lastSeen: null, activeDays: null, features: null, events: null },
    ]);
  });

  it('reads the account users of the account report', () => {
    const [user] = readUsers({
      users: [{ userId: 'anon-9', identified: false, name: null, email: null, role: null, lastSeen: '2026-11-20T10:00:00.000Z', events: 12, activeDays: 3, features: 2 }],
    });
    expect(user).toEqual({ id: 'anon-9', identified: false, name: null, email: null, role: null, lastSeen: '2026-11-20T10:00:00.000Z', activeDays: 3, features: 2, events: 12 });
  });

  it('reads the retention report: cohorts with weekly shares', () => {
    const report = {
      period: 'week',
      cohorts: [
        {
          cohort: '2026-11-09T00:00:00.000Z',
          accounts: 4,
          weeks: [
            { week: 0, start: '2026-11-09T00:00:00.000Z', activeAccounts: 4, share: 1 },
            { week: 1, start: '2026-11-16T00:00:00.000Z', activeAccounts: 1, share: 0.25 },
          ],
        },
      ],
    };
    expect(readCohorts(report)).toEqual([{ start: '2026-11-09T00:00:00.000Z', size: 4, shares: [1, 0.25] }]);
  });

  it('reads retention cohorts as shares, from counts when needed', () => {
    expect(readCohorts({ cohorts: [{ cohort: '2026-11-09', size: 4, retention: [1, 0.5] }, { start: '2026-11-02', size: 2, periods: [{ active: 2 }, { active: 1 }, null] }] })).toEqual([
      { start: '2026-11-02', size: 2, shares: [1, 0.5, null] },
      { start: '2026-11-09', size: 4, shares: [1, 0.5] },
    ]);
  });

  it('bands health: ≥ 70 healthy, 40–69 neutral, < 40 at risk', () => {
    expect([healthBand(70), healthBand(69.9), healthBand(40), healthBand(39), healthBand(null)]).toEqual(['healthy', 'neutral', 'neutral', 'at-risk', null]);
  });

  it('counts accounts into ten health buckets and leaves out accounts without a score', () => {
    const buckets = healthFromAccounts([{ health: 0 }, { health: 9.99 }, { health: 55 }, { health: 100 }, { health: null }, {}]);
    expect(buckets.map((bucket) => bucket.count)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(buckets[9]).toEqual({ label: '90–100', count: 1, band: 'healthy' });
  });

  it('reads a health distribution given as a list or a map, and refuses anything else', () => {
    expect(readHealthDistribution([{ min: 0, max: 39, count: 2 }, { band: 'healthy', count: 5 }])).toEqual([
      { label: '0–39', count: 2, band: 'at-risk' },
      { label: 'Healthy', count: 5, band: 'healthy' },
    ]);
    expect(readHealthDistribution({ atRisk: 1, neutral: 2, healthy: 3, unknown: 4 })).toEqual([
      { label: 'At risk', count: 1, band: 'at-risk' },
      { label: 'Neutral', count: 2, band: 'neutral' },
      { label: 'Healthy', count: 3, band: 'healthy' },
      { label: 'No score', count: 4, band: null },
    ]);
    expect(readHealthDistribution(null)).toBeNull();
    expect(readHealthDistribution('x')).toBeNull();
  });
});
