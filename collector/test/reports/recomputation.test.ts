// The rollup-based reports agree with a straightforward recomputation from the raw events
// (`scanEvents`, recompute.ts) on a generated dataset of more than 100 000 events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type ProjectConfig } from '../../src/config.js';
import { runReport } from '../../src/reports/run-report.js';
import type { Store, StoredEventRow } from '../../src/storage/store.js';
import { chunk, generateEvents, GENERATED_CONFIG } from './generate-dataset.js';
import { recomputeHistory, recomputeReports } from './recompute.js';
import { openTestStore } from './report-server.js';
import { scanEvents } from '../../src/storage/scan-events.js';

const START = Date.UTC(2026, 0, 5);
const DAYS = 90;
const NOW = START + (DAYS - 1) * 86_400_000 + 15 * 3_600_000;
const project: ProjectConfig = parseConfig(GENERATED_CONFIG).projects[0];
let store: Store;
let dispose: (() => Promise<void>) | undefined;
let events: StoredEventRow[] = [];
let history: ReturnType<typeof recomputeHistory>;

function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') expect(actual, path).toBeCloseTo(expected, 8);
  else if (Array.isArray(expected)) {
    expect((actual as unknown[])?.length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)?.[k], v, `${path}.${k}`);
  } else expect(actual, path).toEqual(expected);
}

beforeAll(async () => {
  ({ store, dispose } = await openTestStore());
  for (const batch of chunk(generateEvents({ seed: 11, accounts: 115, usersPerAccount: 10, days: DAYS, start: START }), 1000)) {
    await store.ingest(project.id, batch);
  }
  for await (const e of scanEvents(store, project.id)) events.push(e);
  history = recomputeHistory(events, project);
}, 120_000);
afterAll(async () => {
  await store?.close();
  await dispose?.();
  events = [];
});

const WINDOWS: [string, { from?: string; to?: string }, number, number][] = [
  ['the default 30 days', {}, START + (DAYS - 30) * 86_400_000, START + DAYS * 86_400_000],
  ['14 days in the middle', { from: '2026-02-09', to: '2026-02-23' }, Date.UTC(2026, 1, 9), Date.UTC(2026, 1, 23)],
];

describe.each(WINDOWS)('reports over %s equal a recomputation from raw events', (_, query, from, to) => {
  let expected: ReturnType<typeof recomputeReports>;
  beforeAll(() => {
    expected = recomputeReports(events, history, project, from, to);
  });

  it('covers a dataset of at least 100 000 events with active, churned and new accounts', () => {
    expect(events.length).toBeGreaterThanOrEqual(100_000);
    expect(expected.rows.length).toBeGreaterThan(20);
    expect(expected.overview.churnedAccounts).toBeGreaterThan(0);
    expect(expected.overview.newAccounts).toBeGreaterThan(0);
    expect(expected.overview.nps.responses).toBeGreaterThan(20);
  });

  it('accounts', async () => {
    const report = await runReport(store, project, 'accounts', query, NOW);
    expect(report.accounts.map((a) => a.accountId)).toEqual(expected.rows.map((r) => r.accountId));
    expected.rows.forEach((row, i) => expectClose(report.accounts[i], row, `accounts[${row.accountId}]`));
  });

  it('overview', async () => {
    const report = await runReport(store, project, 'overview', query, NOW);
    const { ...overview } = expected.overview;
    expectClose(report, overview, 'overview');
    const top = [...expected.features].filter((f) => f.accountsAdopted > 0)
      .sort((a, b) => b.accountsAdopted - a.accountsAdopted || b.usersUsed - a.usersUsed || b.events - a.events || (a.key < b.key ? -1 : 1)).slice(0, 5);
    expectClose(report.topFeatures, top, 'topFeatures');
  });

  it('features', async () => {
    const report = await runReport(store, project, 'features', query, NOW);
    const byKey = new Map(report.features.map((f) => [f.key, f]));
    expect([...byKey.keys()].sort()).toEqual(expected.features.map((f) => f.key).sort());
    for (const f of expected.features) expectClose(byKey.get(f.key), f, `features[${f.key}]`);
  });

  it('satisfaction', async () => {
    const report = await runReport(store, project, 'satisfaction', query, NOW);
    const s = expected.satisfaction;
    expectClose(report, { nps: s.nps, csat: s.csat, revenueWeightedNps: s.revenueWeightedNps, responseRate: s.responseRate, byAccount: s.byAccount, trend: s.trend }, 'satisfaction');
  });

  it('retention', async () => {
    const report = await runReport(store, project, 'retention', query, NOW);
    expectClose(report.cohorts, expected.retention, 'cohorts');
  });

  it('account pages', async () => {
    for (const row of expected.rows.slice(0, 8)) {
      const report = await runReport(store, project, 'account', { ...query, accountId: row.accountId }, NOW);
      const features = new Map(report.features.map((f) => [f.key, f]));
      for (const f of expected.accountFeatures(row.accountId)) expectClose(features.get(f.key), f, `${row.accountId}.features[${f.key}]`);
      const users = new Map(report.users.map((u) => [u.userId, u]));
      const expectedUsers = expected.accountUserRows(row.accountId);
      expect(users.size).toBe(expectedUsers.length);
      for (const u of expectedUsers) expectClose(users.get(u.userId), u, `${row.accountId}.users[${u.userId}]`);
    }
  });
});
