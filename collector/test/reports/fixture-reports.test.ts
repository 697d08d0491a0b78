// Every number of every report endpoint, through HTTP, against the hand computation in fixture.ts,
// after ingest through POST /v1/batch into a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACME, ACME_FEATURES, ACME_TREND, ACME_USERS, BETA, DELTA, FEATURES, FIXTURE_CONFIG, NOW, NPS_Q1, OVERVIEW, PREVIOUS_EVENTS,
  RETENTION, SATISFACTION_BY_ACCOUNT, SATISFACTION_BY_PLAN, VERBATIMS, WINDOW, WINDOW_EVENTS,
} from './fixture.js';
import { startTestCollector, type TestCollector } from './report-server.js';

const SECRET = 'sk_fixture_secret';
const W = `from=${WINDOW.from}&to=${WINDOW.to}`;
let c: TestCollector;

/** Deep equality where every number may differ by floating-point rounding only. */
function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(actual, path).toBeCloseTo(expected, 9);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', path).toBe(true);
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

async function json(path: string): Promise<any> {
  const res = await c.get(path, SECRET);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return res.json();
}

beforeAll(async () => {
  c = await startTestCollector(FIXTURE_CONFIG, NOW);
  await c.send('wk_fixture', PREVIOUS_EVENTS);
  await c.send('wk_fixture', WINDOW_EVENTS);
});
afterAll(() => c?.close());

describe('reports on the hand-computed fixture', () => {
  it('accounts: one row per active account with every metric', async () => {
    const body = await json(`/v1/reports/accounts?${W}`);
    expect(body.accounts.map((a: { accountId: string }) => a.accountId)).toEqual(['acme', 'beta', 'delta']);
    expectClose(body.accounts, [ACME, BETA, DELTA]);
    // exactly SPEC's row fields
    expect(Object.keys(body.accounts[0]).sort()).toEqual(Object.keys(ACME).sort());
  });

  it('overview: top-level fields with SPEC names and the hand-computed values', async () => {
    const body = await json(`/v1/reports/overview?${W}`);
    expectClose(body, OVERVIEW);
    expect(body.topFeatures.map((f: { key: string }) => f.key)).toEqual(FEATURES.map((f) => f.key));
    expectClose(body.topFeatures, FEATURES);
  });

  it('features: per feature adoption by accounts and users', async () => {
    const body = await json(`/v1/reports/features?${W}`);
    expect(body.activeAccounts).toBe(3);
    expect(body.activeUsers).toBe(6);
    expect(body.coreFeatures).toBe(2);
    expectClose(body.features, FEATURES);
  });

  it('account page: the row plus features, users, weekly trend and verbatims', async () => {
    const body = await json(`/v1/reports/accounts/acme?${W}`);
    expectClose(body, { ...ACME, features: ACME_FEATURES, users: ACME_USERS, trend: ACME_TREND, verbatims: VERBATIMS.filter((v) => v.accountId === 'acme') });
  });

  it('account page of a known account inactive in the window: zeros, nulls and risks', async () => {
    const body = await json(`/v1/reports/accounts/gamma?${W}`);
    // gus was active in P only: 0 ≤ 0.7 × 1 → usage_drop; 0/5 seats; 0 of 2 core features
    expectClose(body, {
      accountId: 'gamma', activeUsers: 0, seatUtilization: 0, breadth: 0, depth: null, stickiness: null, nps: null, csat: null,
      responses: 0, health: 0, healthParts: { breadth: 0, seatUtilization: 0, stickiness: null, nps: null },
      risks: ['usage_drop', 'low_seat_utilization', 'no_core_adoption'], lastSeen: null, sessions: 0, sessionsPerUserPerWeek: null,
      avgSessionMinutes: null, referralRate: null, users: [], verbatims: [],
    });
  });

  it('account page of an unknown account is a 404 with the JSON error body', async () => {
    const res = await c.get(`/v1/reports/accounts/nope?${W}`, SECRET);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining('nope') } });
  });

  it('satisfaction: NPS, CSAT, revenue-weighted NPS, response rate, by account, by plan, trend, verbatims', async () => {
    const body = await json(`/v1/reports/satisfaction?${W}`);
    expectClose(body, {
      surveyId: null, nps: OVERVIEW.nps, csat: OVERVIEW.csat, revenueWeightedNps: 50, responseRate: 5 / 6,
      byAccount: SATISFACTION_BY_ACCOUNT, byPlan: SATISFACTION_BY_PLAN,
      trend: [{ week: '2026-03-02T00:00:00.000Z', nps: OVERVIEW.nps, csat: OVERVIEW.csat }],
      verbatims: VERBATIMS,
    });
  });

  it('satisfaction for one survey', async () => {
    const body = await json(`/v1/reports/satisfaction?${W}&surveyId=nps-q1`);
    expectClose(body, { surveyId: 'nps-q1', ...NPS_Q1 });
    expect(body.verbatims.map((v: { comment: string }) => v.comment)).toEqual(['Much better now', 'Exports are slow']);
  });

  it('weekly trend over two weeks: each week counts its own latest answers', async () => {
    const body = await json('/v1/reports/satisfaction?from=2026-02-23&to=2026-03-09');
    expectClose(body.trend, [
      { week: '2026-02-23T00:00:00.000Z', nps: { score: null, responses: 0 }, csat: { score: null, mean: null, responses: 0 } },
      { week: '2026-03-02T00:00:00.000Z', nps: OVERVIEW.nps, csat: OVERVIEW.csat },
    ]);
  });

  it('retention: account cohorts by first-seen week and the share active each later week', async () => {
    expectClose(await json('/v1/reports/retention?period=week&from=2026-02-16&to=2026-03-09'), RETENTION);
    expectClose(await json('/v1/reports/retention?from=2026-02-16&to=2026-03-09'), RETENTION);
    const res = await c.get('/v1/reports/retention?period=month', SECRET);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_request');
  });

  it('the previous window sees acme and gamma, with carol', async () => {
    const body = await json('/v1/reports/accounts?from=2026-02-23&to=2026-03-02');
    expect(body.accounts.map((a: { accountId: string; activeUsers: number }) => [a.accountId, a.activeUsers])).toEqual([['acme', 3], ['gamma', 1]]);
  });

  it('defaults to the 30 days ending tomorrow (UTC)', async () => {
    const body = await json('/v1/reports/overview');
    expect([body.from, body.to]).toEqual(['2026-02-09T00:00:00.000Z', '2026-03-11T00:00:00.000Z']);
    expect(body.activeAccounts).toBe(4); // acme, gamma, beta, delta
  });

  it('an empty window gives nulls, never 0 for missing inputs', async () => {
    const body = await json('/v1/reports/overview?from=2025-01-01&to=2025-02-01');
    expect(body).toMatchObject({
      activeAccounts: 0, activeUsers: 0, nps: { score: null, responses: 0 }, csat: { score: null, mean: null, responses: 0 },
      revenueWeightedNps: null, responseRate: null, activationRate: null, churnRate: null, mrrChurned: null, conversionRate: null,
      mrr: null, arpa: null, arpu: null, ltv: null, cac: null, ltvToCac: null, sessionsPerUserPerWeek: null, avgSessionMinutes: null,
      referralRate: null, mrrAtRisk: null, topFeatures: [],
    });
  });

  it.each(['from=2026-13-01', 'to=03/09/2026', 'from=2026-03-09&to=2026-03-02', 'format=xml'])('refuses %s with a 400 JSON error', async (q) => {
    const res = await c.get(`/v1/reports/overview?${q}`, SECRET);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_request');
  });
});

describe('CSV', () => {
  it('gives the accounts table with a header, RFC 4180 quoting and the formula guard', async () => {
    const res = await c.get(`/v1/reports/accounts?${W}&format=csv`, SECRET);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe(
      'accountId,name,plan,seats,mrr,activeUsers,seatUtilization,breadth,depth,stickiness,timeToValueHours,nps,csat,responses,health,'
      + 'healthParts.breadth,healthParts.seatUtilization,healthParts.stickiness,healthParts.nps,risks,lastSeen,sessions,'
      + 'sessionsPerUserPerWeek,avgSessionMinutes,referralRate',
    );
    expect(lines[1]).toBe('acme,Acme,pro,10,1000,2,0.2,1,1.5,0.2143,705.1667,50,100,3,67.9286,1,0.2,0.4286,0.75,usage_drop;low_seat_utilization,2026-03-04T09:00:00.000Z,3,1.5,10,0.5');
    // "@Delta, Inc." would run as a formula and holds a comma: guarded, then quoted
    expect(lines[3].startsWith(`delta,"'@Delta, Inc.",free,4,,2,0.5,0,0.5,`)).toBe(true);
    expect(lines).toHaveLength(5); // header, 3 rows, trailing empty after the last CRLF
  });

  it('writes the header even without rows', async () => {
    const res = await c.get('/v1/reports/accounts?from=2025-01-01&to=2025-02-01&format=csv', SECRET);
    expect((await res.text()).split('\r\n')).toEqual([expect.stringMatching(/^accountId,name,plan,seats,mrr,/), '']);
    // catalog features are listed even when nobody used them
    const features = await c.get('/v1/reports/features?from=2025-01-01&to=2025-02-01&format=csv', SECRET);
    expect((await features.text()).split('\r\n')[1]).toBe('alerts,Alerts,false,0,,0,,0');
  });

  it('gives each report’s main table', async () => {
    const text = async (p: string) => (await c.get(p, SECRET)).text();
    expect((await text(`/v1/reports/features?${W}&format=csv`)).split('\r\n')[1]).toBe('reports,Reports,true,2,0.6667,2,0.3333,4');
    expect((await text(`/v1/reports/satisfaction?${W}&format=csv`)).split('\r\n')[1]).toBe('acme,Acme,pro,1000,50,2,100,1,3,1');
    expect((await text(`/v1/reports/accounts/acme?${W}&format=csv`)).split('\r\n')[1]).toBe('reports,Reports,true,1,true,2026-03-02T09:00:00.000Z,2026-03-02T09:10:00.000Z,2');
    expect((await text('/v1/reports/retention?from=2026-02-16&to=2026-03-09&format=csv')).split('\r\n').slice(0, 3)).toEqual([
      'cohort,accounts,week0,week1,week2', '2026-02-16,1,0,1,1', '2026-02-23,1,1,0,',
    ]);
    const overview = (await text(`/v1/reports/overview?${W}&format=csv`)).split('\r\n');
    expect(overview[0]).toBe('metric,value');
    expect(overview).toContain('nps.score,66.6667');
    expect(overview).toContain('churnedAccountIds,gamma');
  });
});

describe('secret key', () => {
  const paths = ['/v1/reports/overview', '/v1/reports/accounts', '/v1/reports/accounts/acme', '/v1/reports/features', '/v1/reports/satisfaction', '/v1/reports/retention'];
  it.each(paths)('%s answers 401 without a key and with the write key', async (path) => {
    for (const key of [null, 'wk_fixture', 'sk_fixture_secreT']) {
      const res = await c.get(path, key);
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('guards the admin delete too', async () => {
    const res = await fetch(`${c.url}/v1/admin/users/alice`, { method: 'DELETE', headers: { Authorization: 'Bearer wk_fixture' } });
    expect(res.status).toBe(401);
    expect((await json(`/v1/reports/accounts/acme?${W}`)).activeUsers).toBe(2);
  });
});
