// DELETE /v1/admin/users/:userId: after it no report shows the user and every count drops accordingly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONFIG, NOW, PREVIOUS_EVENTS, WINDOW, WINDOW_EVENTS } from './fixture.js';
import { startTestCollector, type TestCollector } from './report-server.js';

const SECRET = 'sk_fixture_secret';
const W = `from=${WINDOW.from}&to=${WINDOW.to}`;
const REPORTS = ['overview', 'accounts', 'accounts/acme', 'features', 'satisfaction', 'retention'].map((r) => `/v1/reports/${r}?${W}`);
let c: TestCollector;

async function json(path: string): Promise<any> {
  const res = await c.get(path, SECRET);
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  c = await startTestCollector(FIXTURE_CONFIG, NOW);
  await c.send('wk_fixture', PREVIOUS_EVENTS);
  await c.send('wk_fixture', WINDOW_EVENTS);
});
afterAll(() => c?.close());

describe('GDPR delete', () => {
  it('erases bob: his 8 events, his traits, his answer and his comment leave every report', async () => {
    const before = await Promise.all(REPORTS.map((p) => c.get(p, SECRET).then((r) => r.text())));
    expect(before.some((text) => text.includes('"bob"'))).toBe(true);

    const res = await fetch(`${c.url}/v1/admin/users/bob`, { method: 'DELETE', headers: { Authorization: `Bearer ${SECRET}` } });
    expect(res.status).toBe(200);
    // identify, Dashboard Viewed (P), Dashboard Viewed + page (W), NPS shown + answered, CSAT shown + answered
    expect(await res.json()).toEqual({ userId: 'bob', deleted: true, events: 8 });

    for (const path of REPORTS) {
      const text = await c.get(path, SECRET).then((r) => r.text());
      for (const trace of ['"bob"', 'bob@acme.test', 'Exports are slow']) expect(text, `${path} shows ${trace}`).not.toContain(trace);
    }
  });

  it('lowers every count that included bob', async () => {
    const overview = await json(`/v1/reports/overview?${W}`);
    expect(overview.activeUsers).toBe(5);
    // NPS: alice 9, xavier 10 → 100; CSAT: dan 2 → 0; shown pairs alice, dan, dora, xavier → 3 answered of 4
    expect(overview.nps).toEqual({ score: 100, promoters: 2, passives: 0, detractors: 0, responses: 2 });
    expect(overview.csat).toEqual({ score: 0, mean: 2, responses: 1 });
    expect(overview.responseRate).toBe(0.75);
    expect(overview.sessions).toBe(8);

    const acme = await json(`/v1/reports/accounts/acme?${W}`);
    // alice alone: dashboards no longer adopted → breadth 1/2; NPS 9 → 100; no CSAT
    expect(acme).toMatchObject({ activeUsers: 1, breadth: 0.5, depth: 2, nps: 100, csat: null, responses: 1, seatUtilization: 0.1 });
    expect(acme.users.map((u: { userId: string }) => u.userId)).toEqual(['alice']);

    const features = await json(`/v1/reports/features?${W}`);
    expect(features.features.find((f: { key: string }) => f.key === 'dashboards')).toMatchObject({ accountsAdopted: 0, usersUsed: 0, events: 0 });

    const previous = await json('/v1/reports/accounts?from=2026-02-23&to=2026-03-02');
    expect(previous.accounts.map((a: { accountId: string; activeUsers: number }) => [a.accountId, a.activeUsers])).toEqual([['acme', 2], ['gamma', 1]]);
  });

  it('answers 200 with 0 events for an unknown user (the erase is idempotent)', async () => {
    const res = await fetch(`${c.url}/v1/admin/users/bob`, { method: 'DELETE', headers: { Authorization: `Bearer ${SECRET}` } });
    expect(await res.json()).toEqual({ userId: 'bob', deleted: true, events: 0 });
  });
});
