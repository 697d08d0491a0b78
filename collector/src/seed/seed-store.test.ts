// Seeded data, stored through the real SQLite store and read back through the real reports API over
// HTTP: every report has rows, every risk type shows up, and the same seed stores the same data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../config.js';
import { createContext } from '../context.js';
import { startServer, type RunningServer } from '../server.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';
import { seedStore, type SeedResult } from './seed-store.js';

const config: Config = parseConfig(JSON.parse(readFileSync(new URL('../../../uptake.config.json', import.meta.url), 'utf8')));
const project = config.projects[0];
const dir = mkdtempSync(join(tmpdir(), 'uptake-seed-'));
let store: Store;
let server: RunningServer;
let seeded: SeedResult;

async function report<T = any>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${project.secretKey}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

beforeAll(async () => {
  store = await openStore(join(dir, 'uptake.db'));
  seeded = await seedStore(store, project, { accounts: 40, days: 90, seed: 1 });
  server = await startServer(createContext(config, store), { host: '127.0.0.1', port: 0 });
  console.log(`seeded ${seeded.events} events in ${Math.round(seeded.ms)} ms: ${seeded.eventsPerSecond} events/s`);
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seeded demo data through the reports API', () => {
  it('stores every generated event', async () => {
    expect(seeded.accepted).toBe(seeded.events);
    expect(seeded.duplicates).toBe(0);
    expect(await store.countEvents(project.id)).toBe(seeded.events);
  });

  it('fills the overview with every metric a PM looks at', async () => {
    const overview = await report('/v1/reports/overview');
    expect(overview.activeAccounts).toBeGreaterThan(25);
    expect(overview.activeUsers).toBeGreaterThan(200);
    expect(overview.nps.responses).toBeGreaterThan(20);
    expect(overview.csat.responses).toBeGreaterThan(10);
    expect(overview.topFeatures.length).toBeGreaterThan(0);
    for (const field of ['revenueWeightedNps', 'activationRate', 'churnRate', 'mrrChurned', 'conversionRate', 'mrrAtRisk', 'mrr', 'arpa', 'arpu', 'ltv', 'cac', 'ltvToCac', 'sessionsPerUserPerWeek', 'avgSessionMinutes', 'referralRate']) {
      expect(overview[field], field).toBeGreaterThan(0);
    }
    expect(overview.churnedAccounts).toBeGreaterThan(0);
    // Believable B2B numbers: positive NPS, most accounts healthy, a minority churning.
    expect(overview.nps.score).toBeGreaterThan(0);
    expect(overview.churnRate).toBeLessThan(0.3);
  });

  it('lists accounts showing every risk type', async () => {
    const { accounts } = await report<{ accounts: { risks: string[]; plan: string; seats: number; mrr: number }[] }>('/v1/reports/accounts');
    const risks = new Set(accounts.flatMap((a) => a.risks));
    expect([...risks].sort()).toEqual(['detractor_account', 'low_seat_utilization', 'no_core_adoption', 'usage_drop']);
    expect(accounts.filter((a) => a.risks.length === 0).length).toBeGreaterThan(accounts.length / 3);
    expect(new Set(accounts.map((a) => a.plan))).toEqual(new Set(['trial', 'free', 'starter', 'pro', 'enterprise']));
  });

  it('has features, satisfaction, retention and account detail with rows', async () => {
    const features = await report('/v1/reports/features');
    expect(features.features.length).toBeGreaterThanOrEqual(10);
    expect(features.features.filter((f: { accountsAdopted: number }) => f.accountsAdopted > 0).length).toBeGreaterThanOrEqual(10);

    const satisfaction = await report('/v1/reports/satisfaction');
    expect(satisfaction.nps.responses).toBeGreaterThan(0);
    expect(satisfaction.csat.responses).toBeGreaterThan(0);
    expect(satisfaction.responseRate).toBeGreaterThan(0);
    for (const list of ['byAccount', 'byPlan', 'trend', 'verbatims']) expect(satisfaction[list]?.length, list).toBeGreaterThan(0);

    const retention = await report('/v1/reports/retention?period=week');
    expect(retention.cohorts.length).toBeGreaterThan(0);

    const { accounts } = await report('/v1/reports/accounts');
    const detractor = accounts.find((a: { risks: string[] }) => a.risks.includes('detractor_account'));
    const detail = await report(`/v1/reports/accounts/${encodeURIComponent(detractor.accountId)}`);
    expect(detail.features.some((f: { adopted: boolean }) => f.adopted)).toBe(true);
    expect(detail.users.length).toBeGreaterThan(0);
    expect(detail.verbatims.length).toBeGreaterThan(0);
  });

  it('stores the same data for the same seed, and nothing new when run again', async () => {
    const other = await openStore(join(dir, 'again.db'));
    try {
      const first = await seedStore(other, project, { accounts: 10, days: 60, seed: 7 });
      const again = await seedStore(other, project, { accounts: 10, days: 60, seed: 7 });
      expect(again.events).toBe(first.events);
      expect(again.accepted).toBe(0);
      expect(again.duplicates).toBe(first.events);
      expect(await other.countEvents(project.id)).toBe(first.events);
      const accounts = await other.listAccounts(project.id);
      expect(accounts).toHaveLength(10);
    } finally {
      await other.close();
    }
  });
});
