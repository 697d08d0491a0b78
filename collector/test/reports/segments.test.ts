// SPEC §10 segment filters through HTTP on the hand-computed fixture (fixture.ts): each filter
// keeps the accounts it names and every number is recomputed as if the project held only them.
import { describe, expect, it } from 'vitest';
import { ACME, BETA, DELTA, WINDOW } from './fixture.js';
import { useFixtureCollector } from './fixture-collector.js';

const W = `from=${WINDOW.from}&to=${WINDOW.to}`;
const { json, get } = useFixtureCollector();
const ids = (body: { accounts: { accountId: string }[] }) => body.accounts.map((a) => a.accountId);

describe('segment filters', () => {
  it('echoes {} without filters and the filters with them', async () => {
    expect((await json(`/v1/reports/overview?${W}`)).segment).toEqual({});
    expect((await json(`/v1/reports/features?${W}&plan=pro,enterprise&trait.seats=10`)).segment).toEqual({ plan: ['pro', 'enterprise'], 'trait.seats': ['10'] });
  });

  it('plan=pro: acme and beta (gamma, pro, is inactive); the overview counts only their users', async () => {
    const accounts = await json(`/v1/reports/accounts?${W}&plan=pro`);
    // rows of an account do not depend on other accounts (the core set is configured)
    expect(accounts.accounts).toEqual([expect.objectContaining({ accountId: 'acme', health: ACME.health }), expect.objectContaining({ accountId: 'beta', health: BETA.health })]);

    const o = await json(`/v1/reports/overview?${W}&plan=pro`);
    expect(o.activeAccounts).toBe(2);
    expect(o.activeUsers).toBe(3); // alice, bob, dan (anon-xavier has no account; delta's users are left out)
    // NPS: alice 9, bob 7 → 1 promoter, 1 passive → 100 × 1/2; CSAT: bob 4, dan 2 → 50, mean 3
    expect(o.nps).toEqual({ score: 50, promoters: 1, passives: 1, detractors: 0, responses: 2 });
    expect(o.csat).toEqual({ score: 50, mean: 3, responses: 2 });
    // shown pairs alice/nps, bob/nps, bob/csat, dan/csat = 4, all answered (dora's and xavier's are out)
    expect(o.responseRate).toBe(1);
    // new accounts: beta only (delta is free) → activated 1/1; CAC = 3000 × 7/30 / 1 = 700
    expect([o.newAccounts, o.activationRate, o.cac]).toEqual([1, 1, 700]);
    // previous window: acme and gamma (both pro) → gamma churned: 1/2, mrr 300
    expect([o.churnedAccounts, o.churnRate, o.mrrChurned]).toEqual([1, 0.5, 300]);
    // conversion: beta (trial → pro) of the one eligible account
    expect(o.conversionRate).toBe(1);
    // MRR 1000 + 500 over 3 active users → ARPU 500; sessions 3 + 2 over 3 users in 1 week, 60 min / 5
    expect([o.mrr, o.arpa, o.arpu]).toEqual([1500, 750, 500]);
    expect(o.sessions).toBe(5);
    expect(o.sessionsPerUserPerWeek).toBeCloseTo(5 / 3, 12);
    expect(o.avgSessionMinutes).toBe(12);
    expect(o.referralRate).toBeCloseTo(1 / 3, 12);
    expect(o.healthDistribution).toEqual({ healthy: 0, neutral: 2, atRisk: 0, unknown: 0 });
  });

  it('plan=pro on the features report: rates over 2 accounts and 3 users; Chart Shared (delta only) is gone', async () => {
    const f = await json(`/v1/reports/features?${W}&plan=pro`);
    expect([f.activeAccounts, f.activeUsers]).toEqual([2, 3]);
    const byKey = Object.fromEntries(f.features.map((row: { key: string }) => [row.key, row]));
    expect(Object.keys(byKey).sort()).toEqual(['User Invited', 'alerts', 'dashboards', 'reports']);
    // reports: acme (alice) and beta (dan) → 2/2 accounts, 2/3 users, 4 events
    expect(byKey.reports).toMatchObject({ accountsAdopted: 2, accountAdoptionRate: 1, usersUsed: 2, userAdoptionRate: 2 / 3, events: 4 });
    expect(byKey.dashboards).toMatchObject({ accountsAdopted: 1, accountAdoptionRate: 0.5, usersUsed: 1, events: 1 });
  });

  it('plan=pro on satisfaction: only acme and beta rows, response rate of their pairs', async () => {
    const s = await json(`/v1/reports/satisfaction?${W}&plan=pro`);
    expect(s.byAccount.map((r: { accountId: string }) => r.accountId)).toEqual(['acme', 'beta']);
    expect(s.nps.score).toBe(50);
    expect(s.responseRate).toBe(1);
    expect(s.verbatims.map((v: { accountId: string }) => v.accountId)).toEqual(['acme', 'beta', 'acme']);
  });

  it('trait.<name> compares as text (seats 10 and 4: acme and delta)', async () => {
    const body = await json(`/v1/reports/accounts?${W}&trait.seats=10,4`);
    expect(ids(body)).toEqual(['acme', 'delta']);
    // alice, bob, dora, anon-dee
    expect((await json(`/v1/reports/overview?${W}&trait.seats=10,4`)).activeUsers).toBe(4);
    // a missing trait never matches
    expect(ids(await json(`/v1/reports/accounts?${W}&trait.region=eu`))).toEqual([]);
  });

  it('health bands: acme 67.9 and beta 52.1 are neutral, delta 20.4 at risk', async () => {
    expect(ids(await json(`/v1/reports/accounts?${W}&health=neutral`))).toEqual(['acme', 'beta']);
    expect(ids(await json(`/v1/reports/accounts?${W}&health=at_risk`))).toEqual(['delta']);
    expect(ids(await json(`/v1/reports/accounts?${W}&health=healthy`))).toEqual([]);
    expect(ids(await json(`/v1/reports/accounts?${W}&health=healthy,at_risk`))).toEqual(['delta']);
  });

  it('risk: usage_drop is acme, no_core_adoption is delta', async () => {
    expect(ids(await json(`/v1/reports/accounts?${W}&risk=usage_drop`))).toEqual(['acme']);
    expect(ids(await json(`/v1/reports/accounts?${W}&risk=no_core_adoption,usage_drop`))).toEqual(['acme', 'delta']);
    const delta = (await json(`/v1/reports/accounts?${W}&risk=no_core_adoption`)).accounts[0];
    expect(delta.health).toBeCloseTo(DELTA.health, 12);
  });

  it('accounts=… keeps the listed ids', async () => {
    expect(ids(await json(`/v1/reports/accounts?${W}&accounts=beta,delta,nope`))).toEqual(['beta', 'delta']);
  });

  it('firstSeenFrom / firstSeenTo: first stored event in [from, to)', async () => {
    // first seen: acme 02-20, gamma 02-25, beta 03-03, delta 03-06
    expect(ids(await json(`/v1/reports/accounts?${W}&firstSeenFrom=2026-03-03`))).toEqual(['beta', 'delta']);
    expect(ids(await json(`/v1/reports/accounts?${W}&firstSeenTo=2026-03-03`))).toEqual(['acme']);
    expect(ids(await json(`/v1/reports/accounts?${W}&firstSeenFrom=2026-03-03&firstSeenTo=2026-03-06`))).toEqual(['beta']);
  });

  it('parameters combine with AND: plan=pro and seats 10 is acme alone', async () => {
    expect(ids(await json(`/v1/reports/accounts?${W}&plan=pro&trait.seats=10,4`))).toEqual(['acme']);
  });

  it('retention and the account page follow the segment', async () => {
    // cohorts first seen in 2026-02-16…03-09: acme (week of 02-16), gamma (02-23), beta and delta (03-02)
    const r = await json(`/v1/reports/retention?from=2026-02-16&to=2026-03-09&plan=free`);
    expect(r.cohorts.map((c: { cohort: string; accounts: number }) => [c.cohort, c.accounts])).toEqual([['2026-03-02T00:00:00.000Z', 1]]);
    expect((await json(`/v1/reports/accounts/acme?${W}&plan=pro`)).health).toBeCloseTo(ACME.health, 12);
    expect((await get(`/v1/reports/accounts/acme?${W}&plan=free`)).status).toBe(404);
  });

  it('gives the filtered table as CSV', async () => {
    const res = await get(`/v1/reports/accounts?${W}&plan=free&format=csv`);
    const lines = (await res.text()).split('\r\n');
    expect(lines.length).toBe(3); // header, delta, ''
    expect(lines[1]).toMatch(/^delta,/);
  });

  it.each([
    ['foo=1', 'foo'],
    ['health=great', 'great'],
    ['risk=churning', 'churning'],
    ['plan=', 'plan'],
    ['firstSeenFrom=yesterday', 'firstSeenFrom'],
  ])('refuses %s with a 400 naming %s', async (q, name) => {
    for (const report of ['overview', 'accounts', 'features', 'satisfaction', 'retention', 'churn']) {
      const res = await get(`/v1/reports/${report}?${W}&${q}`);
      expect(res.status, report).toBe(400);
      expect((await res.json()).error.message).toContain(name);
    }
  });
});
