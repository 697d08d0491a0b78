// SPEC §14: reports after an import equal those after sending the same events through POST /v1/batch.
// The same history is written once as Segment wire events (posted to a real collector over loopback)
// and once in each export format (imported into another SQLite file); every report must be equal.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/import-file.js';
import { REPORT_NAMES, runReport } from '../../src/reports/run-report.js';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-store.js';
import type { Store } from '../../src/storage/store.js';
import { startTestCollector, testConfig, WRITE_KEY } from '../ingest/support.js';

const dir = mkdtempSync(join(tmpdir(), 'uptake-import-eq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const project = testConfig({
  features: [
    { key: 'export', name: 'Export', events: ['Report Exported'], core: true },
    { key: 'invite', name: 'Invite', events: ['User Invited'] },
  ],
  activation: { events: ['Report Exported'] },
  referral: { events: ['User Invited'] },
}).projects[0];

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 2); // 2026-11-02, a Monday
const NOW = Date.UTC(2026, 11, 1);
const WINDOW = { from: '2026-11-01', to: '2026-12-01' };

type Wire = Record<string, unknown>;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A small history in Segment's wire shape: 3 accounts (group calls with plan and seats), 7 users
 * (identify with role), pages and two features over 20 days, NPS answers, and one user with no account.
 * Times are whole seconds (Mixpanel keeps no milliseconds).
 */
function history(options: { traits: boolean }): Wire[] {
  const events: Wire[] = [];
  let n = 0;
  const add = (e: Wire, at: number) => events.push({ messageId: `m-${++n}`, timestamp: iso(at), ...e });
  const accounts = [
    { id: 'acme', plan: 'pro', seats: 5, users: ['u1', 'u2', 'u3'] },
    { id: 'globex', plan: 'enterprise', seats: 20, users: ['u4', 'u5'] },
    { id: 'initech', plan: 'trial', seats: 3, users: ['u6'] },
  ];
  for (const a of accounts) {
    for (const u of a.users) {
      if (options.traits) {
        add({ type: 'identify', userId: u, traits: { email: `${u}@${a.id}.test`, role: u === a.users[0] ? 'admin' : 'member' } }, START);
        add({ type: 'group', userId: u, groupId: a.id, traits: { name: a.id.toUpperCase(), plan: a.plan, seats: a.seats } }, START + 1000);
      }
    }
  }
  for (let day = 0; day < 20; day++) {
    accounts.forEach((a, ai) =>
      a.users.forEach((u, ui) => {
        if ((day + ui + ai) % 3 === 0) return; // not every user every day
        const at = START + day * DAY + (ui + 1) * 3_600_000;
        add({ type: 'page', userId: u, groupId: a.id, properties: { path: '/home' } }, at);
        add({ type: 'track', event: 'Report Exported', userId: u, groupId: a.id, properties: { format: 'csv' } }, at + 60_000);
        if (day % 5 === ui) add({ type: 'track', event: 'User Invited', userId: u, groupId: a.id, properties: { invitee: `${u}-${day}` } }, at + 120_000);
      }),
    );
  }
  add({ type: 'track', event: 'Report Exported', userId: 'loner', properties: {} }, START + 3 * DAY);
  const scores: Array<[string, string, number]> = [['u1', 'acme', 9], ['u2', 'acme', 4], ['u4', 'globex', 10], ['u6', 'initech', 7]];
  scores.forEach(([u, a, score], i) => {
    const at = START + 10 * DAY + i * 60_000;
    add({ type: 'track', event: '$survey_shown', userId: u, groupId: a, properties: { surveyId: 'nps-2026', kind: 'nps' } }, at);
    add({ type: 'track', event: '$survey_answered', userId: u, groupId: a, properties: { surveyId: 'nps-2026', kind: 'nps', responseId: `r-${i}`, score } }, at + 5000);
  });
  return events;
}

// ---- the same events in each export's own shape (what those tools write) ----------------------

function toPosthog(e: Wire): Wire {
  const props = (e.properties as Wire | undefined) ?? {};
  const groups = e.groupId ? { $groups: { company: e.groupId } } : {};
  const base = { distinct_id: e.userId, timestamp: (e.timestamp as string).replace('T', ' ').replace('Z', '+00:00'), uuid: e.messageId };
  if (e.type === 'identify') return { ...base, event: '$identify', properties: { $set: e.traits } };
  if (e.type === 'group') return { ...base, event: '$groupidentify', properties: { $group_type: 'company', $group_key: e.groupId, $group_set: e.traits } };
  if (e.type === 'page') return { ...base, event: '$pageview', properties: { ...props, ...groups, $current_url: 'https://app.test/home', $lib: 'web' } };
  return { ...base, event: e.event, properties: { ...props, ...groups, $lib: 'web', $browser: 'Chrome' } };
}

function toMixpanel(e: Wire): Wire {
  const props = (e.properties as Wire | undefined) ?? {};
  const common = { distinct_id: e.userId, time: Date.parse(e.timestamp as string) / 1000, $insert_id: e.messageId, mp_lib: 'web', $browser: 'Chrome' };
  const group = e.groupId ? { company_id: e.groupId } : {};
  if (e.type === 'page') return { event: '$mp_web_page_view', properties: { ...props, ...common, ...group } };
  return { event: e.event, properties: { ...props, ...common, ...group } };
}

function toSegmentWarehouse(e: Wire): Wire {
  const { messageId, userId, groupId, ...rest } = e;
  return { ...rest, message_id: messageId, user_id: userId, ...(groupId ? { group_id: groupId } : {}), sentAt: '2030-01-01T00:00:00Z', received_at: e.timestamp };
}

const TREND_METRICS = 'activeAccounts,activeUsers,nps,csat,health,seatUtilization,breadth,stickiness,mrr,churnRate,activationRate,sessionsPerUserPerWeek';

async function everyReport(store: Store): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of REPORT_NAMES) {
    if (name === 'account' || name === 'history') continue;
    out[name] = await runReport(store, project, name, { ...WINDOW, ...(name === 'trends' ? { metrics: TREND_METRICS } : {}) }, NOW);
  }
  for (const accountId of ['acme', 'globex', 'initech']) {
    out[`account:${accountId}`] = await runReport(store, project, 'account', { ...WINDOW, accountId }, NOW);
    out[`history:${accountId}`] = await runReport(store, project, 'history', { ...WINDOW, accountId }, NOW);
  }
  return out;
}

async function reportsViaApi(events: Wire[]): Promise<Record<string, unknown>> {
  const collector = await startTestCollector({ project: { features: project.features, activation: project.activation, referral: project.referral }, now: () => NOW });
  try {
    for (let i = 0; i < events.length; i += 50) {
      const response = await collector.post({ writeKey: WRITE_KEY, batch: events.slice(i, i + 50) });
      expect(response.status).toBe(200);
      expect((await response.json()).rejected).toEqual([]);
    }
    return await everyReport(collector.store);
  } finally {
    await collector.close();
  }
}

async function reportsViaImport(name: string, lines: Wire[], format: 'segment' | 'posthog' | 'mixpanel' | 'uptake', groupKey: string | null = null) {
  const file = join(dir, `${name}.ndjson`);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const store = openSqliteStore(join(dir, `${name}.db`));
  try {
    const result = await importFile(store, 'test', file, { format, groupKey, now: () => NOW, batchLines: 37 });
    expect(result.counts).toEqual({ read: lines.length, stored: lines.length, duplicates: 0, rejected: 0 });
    return { reports: await everyReport(store), events: await store.countEvents('test') };
  } finally {
    await store.close();
  }
}

describe('import gives the reports of the same events sent to POST /v1/batch', () => {
  const full = history({ traits: true });
  const viaApi = reportsViaApi(full);

  it('has a history that reports see (a check on the fixture itself)', async () => {
    const reports = (await viaApi) as { accounts: { accounts: Array<{ accountId: string; plan: string; nps: number | null }> } };
    // acme: scores 9 (promoter) and 4 (detractor): NPS = (1 − 1) / 2 × 100 = 0.
    expect(reports.accounts.accounts.map((a) => [a.accountId, a.plan, a.nps])).toEqual([
      ['acme', 'pro', 0],
      ['globex', 'enterprise', 100],
      ['initech', 'trial', 0],
    ]);
  });

  it('uptake: the wire events, one per line', async () => {
    const imported = await reportsViaImport('uptake', full, 'uptake');
    expect(imported.events).toBe(full.length);
    expect(imported.reports).toEqual(await viaApi);
  });

  it('segment: warehouse rows in snake_case, their sentAt ignored', async () => {
    const imported = await reportsViaImport('segment', full.map(toSegmentWarehouse), 'segment');
    expect(imported.reports).toEqual(await viaApi);
  });

  it('posthog: $identify, $groupidentify, $pageview and custom events with $groups', async () => {
    const imported = await reportsViaImport('posthog', full.map(toPosthog), 'posthog');
    expect(imported.reports).toEqual(await viaApi);
  });

  it('mixpanel: time in seconds, $insert_id, the account in a group key property', async () => {
    // Mixpanel events carry no user or account traits: compare with the same history without them.
    const bare = history({ traits: false });
    const [imported, api] = await Promise.all([reportsViaImport('mixpanel', bare.map(toMixpanel), 'mixpanel', 'company_id'), reportsViaApi(bare)]);
    expect(imported.reports).toEqual(api);
  });
});
