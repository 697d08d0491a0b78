// SPEC §10 trends, account history and churn through HTTP on the hand-computed fixture (fixture.ts):
// each point is the §6 metric on one interval as the window.
import { describe, expect, it } from 'vitest';
import { ACME, BETA, DELTA, OVERVIEW, WINDOW } from './fixture.js';
import { useFixtureCollector } from './fixture-collector.js';

const W = `from=${WINDOW.from}&to=${WINDOW.to}`;
const { json, get } = useFixtureCollector();
const day = (d: string) => `2026-${d}T00:00:00.000Z`;

describe('trends', () => {
  it('day points: active users and accounts, and NPS of each day', async () => {
    const body = await json(`/v1/reports/trends?${W}&interval=day&metrics=activeUsers,activeAccounts,nps`);
    expect(body.interval).toBe('day');
    expect(body.metrics).toEqual(['activeUsers', 'activeAccounts', 'nps']);
    expect(body.segment).toEqual({});
    // 03-02 alice · 03-03 bob, dan · 03-04 alice · 03-05 dan (bob only answered surveys) · 03-06 dora
    // 03-07 anon-dee · 03-08 anon-xavier (no account)
    // NPS: 03-04 alice 3 → −100 · 03-05 bob 7 → 0 · 03-06 alice 9 → 100 · 03-08 xavier 10 → 100
    expect(body.points).toEqual([
      { start: day('03-02'), end: day('03-03'), activeUsers: 1, activeAccounts: 1, nps: null },
      { start: day('03-03'), end: day('03-04'), activeUsers: 2, activeAccounts: 2, nps: null },
      { start: day('03-04'), end: day('03-05'), activeUsers: 1, activeAccounts: 1, nps: -100 },
      { start: day('03-05'), end: day('03-06'), activeUsers: 1, activeAccounts: 1, nps: 0 },
      { start: day('03-06'), end: day('03-07'), activeUsers: 1, activeAccounts: 1, nps: 100 },
      { start: day('03-07'), end: day('03-08'), activeUsers: 1, activeAccounts: 1, nps: null },
      { start: day('03-08'), end: day('03-09'), activeUsers: 1, activeAccounts: 0, nps: 100 },
    ]);
  });

  it('week: a window inside one ISO week widens to Monday…Monday and equals the overview of that week', async () => {
    const body = await json('/v1/reports/trends?from=2026-03-04&to=2026-03-06&interval=week&metrics=activeUsers,nps,csat,mrr,churnRate,activationRate,sessionsPerUserPerWeek,health,breadth,seatUtilization,stickiness,feature:reports');
    expect([body.from, body.to]).toEqual([day('03-02'), day('03-09')]);
    expect(body.points).toHaveLength(1);
    const p = body.points[0];
    expect([p.start, p.end]).toEqual([day('03-02'), day('03-09')]);
    expect(p.activeUsers).toBe(OVERVIEW.activeUsers);
    expect(p.nps).toBeCloseTo(OVERVIEW.nps.score, 12);
    expect([p.csat, p.mrr, p.churnRate, p.activationRate, p.sessionsPerUserPerWeek]).toEqual([50, 1500, 0.5, 0.5, 1.5]);
    // means over the 3 active accounts with a value (beta has no seats)
    expect(p.health).toBeCloseTo((ACME.health + BETA.health + DELTA.health) / 3, 12);
    expect(p.breadth).toBeCloseTo((1 + 0.5 + 0) / 3, 12);
    expect(p.seatUtilization).toBeCloseTo((0.2 + 0.5) / 2, 12);
    expect(p.stickiness).toBeCloseTo((3 / 14 + 2 / 7 + 1 / 7) / 3, 12);
    // reports adopted by acme and beta of 3 active accounts
    expect(p['feature:reports']).toBeCloseTo(2 / 3, 12);
  });

  it('month: calendar months, each with its own previous window for churn', async () => {
    const body = await json('/v1/reports/trends?from=2026-02-20&to=2026-03-09&interval=month&metrics=activeUsers,activeAccounts,churnRate');
    // February: alice, bob (acme 02-24), carol (acme 02-25), gus (gamma) → 4 users, 2 accounts; January: nobody → churn null
    // March: 6 users, 3 accounts; previous 31 days (01-29…03-01) had acme and gamma; gamma gone → 1/2
    expect(body.points).toEqual([
      { start: day('02-01'), end: day('03-01'), activeUsers: 4, activeAccounts: 2, churnRate: null },
      { start: day('03-01'), end: day('04-01'), activeUsers: 6, activeAccounts: 3, churnRate: 0.5 },
    ]);
  });

  it('follows the segment: plan=free is delta alone', async () => {
    const body = await json(`/v1/reports/trends?${W}&interval=week&metrics=activeUsers&plan=free`);
    expect(body.points[0].activeUsers).toBe(2); // dora, anon-dee
    expect(body.segment).toEqual({ plan: ['free'] });
  });

  it('gives one CSV row per point', async () => {
    const res = await get(`/v1/reports/trends?${W}&interval=day&metrics=activeUsers&format=csv`);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('start,end,activeUsers');
    expect(lines[2]).toBe('2026-03-03T00:00:00.000Z,2026-03-04T00:00:00.000Z,2');
    expect(lines).toHaveLength(9); // header, 7 days, ''
  });

  it.each([
    ['metrics=bogus', 'bogus'],
    ['metrics=', 'metrics'],
    ['metrics=nps&interval=year', 'interval'],
    ['metrics=nps&interval=day&from=2025-01-01', '400'],
  ])('refuses %s with a 400 naming %s', async (q, name) => {
    const res = await get(`/v1/reports/trends?to=2026-03-09&${q}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain(name);
  });
});

describe('account history', () => {
  it('gives the account row on each week', async () => {
    const body = await json('/v1/reports/accounts/acme/history?from=2026-02-23&to=2026-03-09&interval=week');
    expect([body.accountId, body.interval]).toEqual(['acme', 'week']);
    expect(body.points).toHaveLength(2);
    const [p, w] = body.points;
    // week of 02-23: alice, bob (02-24), carol (02-25) of 10 seats; reports + dashboards → breadth 1;
    // depth (1 + 1 + 0) / 3; DAU 2 + 1 = 3 → stickiness 3 / 7 / 3 = 1/7; no NPS;
    // health = 100 × (0.35·1 + 0.2·0.3 + 0.15·(1/7)/0.5) / 0.7; nobody the week before → no usage drop
    expect(p).toMatchObject({ start: day('02-23'), end: day('03-02'), activeUsers: 3, seatUtilization: 0.3, breadth: 1, nps: null, csat: null, risks: [] });
    expect(p.depth).toBeCloseTo(2 / 3, 12);
    expect(p.stickiness).toBeCloseTo(1 / 7, 12);
    expect(p.health).toBeCloseTo((100 * (0.35 + 0.06 + 0.15 * (2 / 7))) / 0.7, 9);
    expect(p.healthParts).toEqual({ breadth: 1, seatUtilization: 0.3, stickiness: expect.closeTo(2 / 7, 12), nps: null });
    // the window week is the accounts row of the fixture
    expect(w).toMatchObject({ start: day('03-02'), end: day('03-09'), activeUsers: 2, nps: 50, csat: 100, risks: ACME.risks });
    expect(w.health).toBeCloseTo(ACME.health, 9);
  });

  it('answers 404 for an unknown account and CSV one row per point', async () => {
    expect((await get('/v1/reports/accounts/nope/history')).status).toBe(404);
    const res = await get('/v1/reports/accounts/acme/history?from=2026-02-23&to=2026-03-09&format=csv');
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toMatch(/^start,end,activeUsers,seatUtilization,/);
    expect(lines).toHaveLength(4);
  });
});

describe('churn', () => {
  it('lists gamma as it was in the previous window, churn by plan and the feature gap', async () => {
    const body = await json(`/v1/reports/churn?${W}`);
    // gamma in P: gus, 1 of 5 seats; Report Created → reports, 1 of 2 core; DAU 1 → stickiness 1/7;
    // health = 100 × (0.35·0.5 + 0.2·0.2 + 0.15·(1/7)/0.5) / 0.7; the week before P was empty: no usage drop
    expect(body.churnedAccounts).toHaveLength(1);
    const g = body.churnedAccounts[0];
    expect(g).toMatchObject({
      accountId: 'gamma', name: 'Gamma', plan: 'pro', seats: 5, mrr: 300,
      firstSeen: '2026-02-25T12:00:00.000Z', lastSeen: '2026-02-25T12:01:00.000Z',
      healthParts: { breadth: 0.5, seatUtilization: 0.2, stickiness: expect.closeTo(2 / 7, 12), nps: null },
      risks: ['low_seat_utilization'], nps: null, featuresAdopted: ['reports'],
    });
    expect(g.tenureDays).toBeCloseTo(1 / 1440, 12); // one minute
    expect(g.health).toBeCloseTo((100 * (0.175 + 0.04 + 0.15 * (2 / 7))) / 0.7, 9);
    expect(Object.keys(g).sort()).toEqual(['accountId', 'featuresAdopted', 'firstSeen', 'health', 'healthParts', 'lastSeen', 'mrr', 'name', 'nps', 'plan', 'risks', 'seats', 'tenureDays'].sort());
    // P active: acme and gamma, both pro
    expect(body.byPlan).toEqual([{ plan: 'pro', accountsBefore: 2, churned: 1, churnRate: 0.5, mrrChurned: 300 }]);
    // in P gamma used reports; acme (retained) reports and dashboards
    expect(body.featureGap).toEqual([
      { key: 'reports', name: 'Reports', adoptionChurned: 1, adoptionRetained: 1 },
      { key: 'dashboards', name: 'Dashboards', adoptionChurned: 0, adoptionRetained: 1 },
      { key: 'alerts', name: 'Alerts', adoptionChurned: 0, adoptionRetained: 0 },
    ]);
    expect(body.reasons).toEqual([]);
  });

  it('follows the segment and gives the churned accounts as CSV', async () => {
    const free = await json(`/v1/reports/churn?${W}&plan=free`);
    expect([free.churnedAccounts, free.byPlan]).toEqual([[], []]);
    const res = await get(`/v1/reports/churn?${W}&format=csv`);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('accountId,name,plan,seats,mrr,firstSeen,lastSeen,tenureDays,health,risks,nps,featuresAdopted');
    expect(lines[1]).toMatch(/^gamma,Gamma,pro,5,300,2026-02-25T12:00:00.000Z,2026-02-25T12:01:00.000Z,/);
  });
});
