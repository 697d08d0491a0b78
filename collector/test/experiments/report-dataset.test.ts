// The experiment report on a hand-built dataset, through the real ingest endpoint into a real SQLite
// file (and a real PostgreSQL database) and out of GET /v1/reports/experiments/:key. Every expected
// number is derived in comments.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import type { Store } from '../../src/storage/store.js';
import { postgresAvailable, startPgServer, type PgServer } from '../postgres/pg-server.js';

const AUTH = { authorization: 'Bearer sk_demo_change_me' };
const METRICS = ['feature:reports.export', 'activation', 'retention', 'nps', 'csat', 'activeUsers'];
const config = parseConfig({
  projects: [{
    id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me',
    features: [{ key: 'reports.export', name: 'Export', events: ['Report Exported'] }],
    activation: { events: ['Project Created'] },
    surveys: [{ id: 'nps-1', kind: 'nps', question: 'Recommend?' }, { id: 'csat-1', kind: 'csat', question: 'Happy?' }],
    experiments: [
      {
        key: 'new-export', name: 'One-click export', unit: 'account',
        variants: [{ key: 'control', weight: 50 }, { key: 'one-click', weight: 50 }],
        metrics: METRICS, start: '2026-03-01', end: '2026-03-20',
      },
      { key: 'lonely', unit: 'account', variants: [{ key: 'a', weight: 1 }, { key: 'b', weight: 1 }], metrics: ['activeUsers'], start: '2026-03-01' },
      { key: 'split', unit: 'account', variants: [{ key: 'a', weight: 50 }, { key: 'b', weight: 50 }], metrics: [], start: '2026-03-01' },
    ],
  }],
}, 'test', () => {});

/** 2026-03-<day> at <hour>:00 UTC. */
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();
let seq = 0;
const ev = (userId: string, groupId: string, timestamp: string, event: string, properties: Record<string, unknown> = {}, type = 'track') =>
  ({ type, messageId: `m${++seq}`, userId, groupId, timestamp, ...(type === 'track' ? { event } : { name: event }), properties });
const expose = (userId: string, groupId: string, timestamp: string, variant: string, experiment = 'new-export') =>
  ev(userId, groupId, timestamp, '$experiment_exposure', { experiment, variant });
const answer = (userId: string, groupId: string, timestamp: string, surveyId: string, score: number) =>
  ev(userId, groupId, timestamp, '$survey_answered', { surveyId, kind: surveyId.startsWith('nps') ? 'nps' : 'csat', responseId: `r${seq}`, score });

const EVENTS = [
  // ---- control: A1, A2, A3 ----
  expose('a1u1', 'A1', '2026-02-27T10:00:00.000Z', 'control'), // before start: ignored (A1's first exposure is Mar 2)
  ev('a1u1', 'A1', at(1), 'Report Exported'), // before A1's exposure: not counted
  answer('a1u2', 'A1', at(1), 'nps-1', 3), // before A1's exposure: not counted
  expose('a1u1', 'A1', at(2), 'control'),
  expose('a1u2', 'A1', at(3), 'control'),
  ev('a1u2', 'A1', at(4), 'Project Created'), // activation
  answer('a1u1', 'A1', at(5), 'nps-1', 10), // promoter: +100
  ev('a1u1', 'A1', at(10), 'Dashboard', {}, 'page'), // 8 days after Mar 2: retained
  expose('a2u1', 'A2', at(5), 'control'),
  ev('a2u1', 'A2', at(6), 'Report Exported'),
  answer('a2u1', 'A2', at(7), 'nps-1', 6), // detractor: −100
  answer('a2u1', 'A2', at(7), 'csat-1', 5), // 100
  expose('a3u1', 'A3', at(19, 12), 'control'), // exposed less than 14 days before `to`: not in retention
  // ---- one-click: B1 (three users), B2, B3 ----
  expose('b1u1', 'B1', at(2), 'one-click'),
  expose('b1u2', 'B1', at(2, 11), 'one-click'),
  expose('b1u3', 'B1', at(3, 9), 'one-click'),
  ev('b1u3', 'B1', at(3), 'Project Created'),
  ev('b1u2', 'B1', at(4), 'Report Exported'),
  answer('b1u1', 'B1', at(6), 'nps-1', 9), // +100
  answer('b1u2', 'B1', at(6), 'nps-1', 10), // replaced by b1u2's later answer
  answer('b1u2', 'B1', at(8), 'nps-1', 4), // the latest per (user, survey): −100
  answer('b1u3', 'B1', at(8), 'csat-1', 4), // 100
  answer('b1u1', 'B1', at(8), 'csat-1', 2), // 0
  ev('b1u1', 'B1', at(12), 'Reports', {}, 'page'), // 10 days after Mar 2: retained
  expose('b2u1', 'B2', at(6, 12), 'one-click'),
  ev('b2u1', 'B2', at(7), 'Report Exported'),
  ev('b2u1', 'B2', at(8), 'Project Created'),
  answer('b2u1', 'B2', at(9), 'nps-1', 8), // passive: 0
  ev('b2u1', 'B2', at(20, 8), 'Reports', {}, 'page'), // 13 days 20 hours after Mar 6 12:00: retained
  ev('b3u1', 'B3', at(9), 'Report Exported'), // before B3's exposure: not counted
  expose('b3u1', 'B3', at(10), 'one-click'),
  expose('b3u1', 'B3', at(11), 'control'), // a later exposure does not move B3
  // ---- ignored ----
  expose('x0', 'X0', '2026-02-28T23:59:59.000Z', 'control'), // before start
  expose('x9', 'X9', '2026-03-20T00:00:00.000Z', 'one-click'), // at end (exclusive)
  expose('z1', 'Z1', at(4), 'zzz'), // unknown variant
  expose('o1', 'O1', at(4), 'control', 'other-experiment'), // another experiment
  expose('n1', '', at(4), 'control'), // no account
  // ---- 'lonely': one unit per variant; 'split': 90 / 10 ----
  expose('l1', 'L1', at(4), 'a', 'lonely'),
  expose('l2', 'L2', at(4), 'b', 'lonely'),
  ...Array.from({ length: 100 }, (_, i) => expose(`s${i}`, `S${i}`, at(4), i < 90 ? 'a' : 'b', 'split')),
];

let app: Hono;
let close: () => Promise<void>;

/** Opens the store, sends the dataset through the real ingest endpoint. */
async function setUp(open: () => Promise<{ store: Store; close: () => Promise<void> }>) {
  const opened = await open();
  close = opened.close;
  app = createApp(createContext(config, opened.store, () => Date.parse('2026-03-25T12:00:00Z')));
  const batch = EVENTS.map((e) => (e.groupId === '' ? { ...e, groupId: undefined } : e));
  const res = await app.request('/v1/batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: 'wk_demo', batch }) });
  expect((await res.json()).accepted).toBe(EVENTS.length);
}

async function openSqlite() {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-exp-report-'));
  const store = openSqliteStore(join(dir, 'uptake.db'));
  return { store, close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
}

let pgServer: PgServer | undefined;
async function openPostgres() {
  pgServer ??= await startPgServer();
  const store = await openPostgresStore(await pgServer.createDatabase());
  return { store, close: () => store.close() };
}

const get = async (path: string) => {
  const res = await app.request(path, { headers: AUTH });
  return { status: res.status, headers: res.headers, text: await res.text() };
};
const json = async (path: string) => JSON.parse((await get(path)).text);

function datasetSuite() {
  it('counts units and users per variant from exposures in [start, min(end, to))', async () => {
    const r = await json('/v1/reports/experiments/new-export?to=2026-04-01');
    expect(r.experiment).toMatchObject({ key: 'new-export', name: 'One-click export', unit: 'account', start: '2026-03-01', end: '2026-03-20' });
    expect(r.from).toBe('2026-03-01T00:00:00.000Z');
    expect(r.exposuresUntil).toBe('2026-03-20T00:00:00.000Z');
    expect(r.to).toBe('2026-04-01T00:00:00.000Z');
    // control: A1 (a1u1, a1u2), A2 (a2u1), A3 (a3u1) → 3 units, 4 users.
    // one-click: B1 (b1u1, b1u2, b1u3), B2 (b2u1), B3 (b3u1; its later 'control' exposure does not move it) → 3 units, 5 users.
    // X0 (before start), X9 (at end), Z1 (unknown variant), O1 (other experiment), n1 (no account): not units.
    expect(r.variants.map((v: any) => [v.key, v.weight, v.units, v.users])).toEqual([['control', 50, 3, 4], ['one-click', 50, 3, 5]]);
    // 3 vs 3 against 50/50: χ² = 0, p = 1.
    expect(r.sampleRatioMismatch).toEqual({ chiSquare: 0, pValue: 1, flagged: false });
  });

  it('computes every metric from each unit’s first exposure on', async () => {
    const { variants: [control, oneClick] } = await json('/v1/reports/experiments/new-export?to=2026-04-01');
    // feature: A1's export was before its exposure → A1 0, A2 1, A3 0 = 1/3; B1 1, B2 1, B3 0 (its export preceded exposure) = 2/3.
    expect(control.metrics['feature:reports.export']).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 });
    expect(oneClick.metrics['feature:reports.export']).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
    // activation (Project Created): A1 only = 1/3; B1 (b1u3 on Mar 3, after B1's Mar 2 exposure), B2 = 2/3.
    expect(control.metrics.activation).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 });
    expect(oneClick.metrics.activation).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
    // retention: units first exposed ≥ 14 days before Apr 1: A1, A2 (not A3, Mar 19 12:00 + 14 d > Apr 1); A1 retained → 1/2.
    // B1 (page Mar 12), B2 (page Mar 20 08:00 < Mar 20 12:00), B3 (none) → 2/3.
    expect(control.metrics.retention).toEqual({ value: 1 / 2, numerator: 1, denominator: 2 });
    expect(oneClick.metrics.retention).toEqual({ value: 2 / 3, numerator: 2, denominator: 3 });
    // nps: A1 +100 (a1u2's 3 was before exposure), A2 −100 → 0/2 = 0. B1: b1u1 +100, b1u2 latest 4 → −100; B2 8 → 0: 0/3 = 0.
    expect(control.metrics.nps).toEqual({ value: 0, numerator: 0, denominator: 2 });
    expect(oneClick.metrics.nps).toEqual({ value: 0, numerator: 0, denominator: 3 });
    // csat: A2 5 → 100/1 = 100; B1: 4 → 100, 2 → 0 → 100/2 = 50.
    expect(control.metrics.csat).toEqual({ value: 100, numerator: 100, denominator: 1 });
    expect(oneClick.metrics.csat).toEqual({ value: 50, numerator: 100, denominator: 2 });
    // activeUsers (the exposures are activity too): A1 2, A2 1, A3 1 → 4/3; B1 3, B2 1, B3 1 → 5/3.
    expect(control.metrics.activeUsers).toEqual({ value: 4 / 3, numerator: 4, denominator: 3 });
    expect(oneClick.metrics.activeUsers).toEqual({ value: 5 / 3, numerator: 5, denominator: 3 });
  });

  it('compares with the first variant: difference, 95 % interval and p-value over units (delta method)', async () => {
    const { comparisons } = await json('/v1/reports/experiments/new-export?to=2026-04-01');
    const of = (metric: string) => comparisons.find((c: any) => c.metric === metric);
    expect(comparisons.map((c: any) => [c.variant, c.baseline, c.metric])).toEqual(METRICS.map((m) => ['one-click', 'control', m]));
    // Var = Σ (nᵢ − R·dᵢ)² / ((k − 1)·k·d̄²), k = 3.
    // feature: control R = 1/3, residuals −1/3, 2/3, −1/3 → Σ² = 2/3, d̄ = 1 → Var = (2/3)/6 = 1/9; one-click R = 2/3,
    // residuals 1/3, 1/3, −2/3 → 1/9. diff = 1/3, se = √(2/9) = 0.471405; CI = 1/3 ± 1.959964·0.471405 = [−0.590603, 1.257269];
    // z = 0.707107, p = erfc(0.707107/√2) = erfc(0.5) = 0.479500.
    for (const metric of ['feature:reports.export', 'activation']) {
      const c = of(metric);
      expect(c.difference).toBeCloseTo(1 / 3, 12);
      expect(c.ciLow).toBeCloseTo(-0.590603, 5);
      expect(c.ciHigh).toBeCloseTo(1.257269, 5);
      expect(c.pValue).toBeCloseTo(0.4795, 5);
    }
    // retention: control (1,1), (0,1), (0,0): R = 1/2, residuals .5, −.5, 0 → Σ² = .5; d̄ = 2/3 → Var = .5/(6·4/9) = 0.1875.
    // one-click R = 2/3 → Var 1/9 (as above). diff = 1/6; se = √0.298611 = 0.546453; CI = [−0.904362, 1.237695]; p = 0.760368.
    expect(of('retention').difference).toBeCloseTo(1 / 6, 12);
    expect(of('retention').ciLow).toBeCloseTo(-0.904362, 5);
    expect(of('retention').ciHigh).toBeCloseTo(1.237695, 5);
    expect(of('retention').pValue).toBeCloseTo(0.760368, 5);
    // nps: control (100,1), (−100,1), (0,0): R = 0, Σ² = 20000, d̄ = 2/3 → Var = 20000/(8/3) = 7500; one-click all residuals 0 → 0.
    // diff = 0; se = 86.6025; CI = ±169.737860; p = 1.
    expect(of('nps').difference).toBe(0);
    expect(of('nps').ciLow).toBeCloseTo(-169.73786, 4);
    expect(of('nps').ciHigh).toBeCloseTo(169.73786, 4);
    expect(of('nps').pValue).toBe(1);
    // csat: only A2 answered in control (one unit with a denominator): no interval.
    expect(of('csat')).toEqual({ variant: 'one-click', baseline: 'control', metric: 'csat', difference: null, ciLow: null, ciHigh: null, pValue: null });
    // activeUsers: control [2,1,1], R = 4/3, residuals 2/3, −1/3, −1/3 → 2/3 → Var 1/9; one-click [3,1,1], R = 5/3,
    // residuals 4/3, −2/3, −2/3 → 24/9 → Var = (8/3)/6 = 4/9. diff = 1/3, se = √(5/9) = 0.745356; CI = [−1.127538, 1.794204];
    // p = erfc(0.447214/√2) = 0.654721.
    expect(of('activeUsers').difference).toBeCloseTo(1 / 3, 12);
    expect(of('activeUsers').ciLow).toBeCloseTo(-1.127538, 5);
    expect(of('activeUsers').ciHigh).toBeCloseTo(1.794204, 5);
    expect(of('activeUsers').pValue).toBeCloseTo(0.654721, 5);
  });

  it('gives null comparisons below 2 units per variant and flags a 90/10 split of a 50/50 experiment', async () => {
    const lonely = await json('/v1/reports/experiments/lonely?to=2026-04-01');
    expect(lonely.variants.map((v: any) => v.units)).toEqual([1, 1]);
    expect(lonely.variants[0].metrics.activeUsers).toEqual({ value: 1, numerator: 1, denominator: 1 });
    expect(lonely.comparisons).toEqual([{ variant: 'b', baseline: 'a', metric: 'activeUsers', difference: null, ciLow: null, ciHigh: null, pValue: null }]);
    // 90 vs 10 against 50/50: χ² = (40² + 40²)/50 = 64; p = erfc(√32) ≈ 1.2e-15 < 0.001.
    const split = await json('/v1/reports/experiments/split?to=2026-04-01');
    expect(split.sampleRatioMismatch.chiSquare).toBe(64);
    expect(split.sampleRatioMismatch.pValue).toBeLessThan(1e-14);
    expect(split.sampleRatioMismatch.flagged).toBe(true);
  });

  it('lists every experiment with its units and sample ratio check, as JSON and CSV', async () => {
    const list = await json('/v1/reports/experiments?to=2026-04-01');
    expect(list.experiments.map((e: any) => [e.key, e.units, e.variants.map((v: any) => v.units), e.sampleRatioMismatch.flagged])).toEqual([
      ['new-export', 6, [3, 3], false],
      ['lonely', 2, [1, 1], false],
      ['split', 100, [90, 10], true],
    ]);
    const csv = await get('/v1/reports/experiments?to=2026-04-01&format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('key,name,unit,active,start,end,units,srmPValue,srmFlagged');
    const one = (await get('/v1/reports/experiments/new-export?to=2026-04-01&format=csv')).text.split('\r\n');
    expect(one[0]).toBe('variant,units,users,metric,value,numerator,denominator,difference,ciLow,ciHigh,pValue');
    expect(one[1]).toBe('control,3,4,feature:reports.export,0.3333,1,3,,,,');
    expect(one[7]).toBe('one-click,3,5,feature:reports.export,0.6667,2,3,0.3333,-0.5906,1.2573,0.4795');
  });

  it('needs the secret key and answers 404 for an unknown experiment', async () => {
    expect((await app.request('/v1/reports/experiments')).status).toBe(401);
    expect((await app.request('/v1/reports/experiments', { headers: { authorization: 'Bearer wk_demo' } })).status).toBe(401);
    const missing = await get('/v1/reports/experiments/nope');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error.code).toBe('not_found');
  });
}

describe('GET /v1/reports/experiments/:key on a hand-built dataset (SQLite)', () => {
  beforeAll(() => setUp(openSqlite));
  afterAll(() => close());
  datasetSuite();
});

describe.skipIf(!postgresAvailable())('GET /v1/reports/experiments/:key on a hand-built dataset (PostgreSQL)', () => {
  beforeAll(() => setUp(openPostgres), 60_000);
  afterAll(async () => {
    await close();
    await pgServer?.stop();
  });
  datasetSuite();
});
