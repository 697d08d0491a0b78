// targeting.account through `GET /v1/surveys` on a real SQLite file: the account's state comes from
// the accounts report (health, risks, seat utilization) and the account report (adoption).
import { describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { parseConfig } from '../config.js';
import type { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { sqliteAppPerTest } from './app-per-test.js';
import { DAY_MS } from '../storage/store.js';

const config = parseConfig({
  projects: [{
    id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me',
    features: [{ key: 'reports.export', name: 'Export reports', events: ['Report Exported'], core: true }],
    throttle: { globalCooldownDays: 0, maxPromptsPerAccountPerWeek: 100 },
    surveys: [
      // "Ask the accounts with few seats in use that never adopted exports."
      { id: 'why-not-export', kind: 'choice', question: 'What keeps you from exporting?', choices: [{ key: 'unaware', label: 'I did not know I could' }],
        targeting: { account: { risks: ['low_seat_utilization'], notAdopted: ['reports.export'] } } },
      { id: 'power-users', kind: 'ces', question: 'How easy is exporting?', targeting: { account: { adopted: ['reports.export'], seatUtilization: { gte: 0.3 } } } },
    ],
  }],
}, 'config', () => {});

let store: SqliteStore;
let app: Hono;
sqliteAppPerTest(config, 'uptake-account-targeting-', (opened) => {
  ({ store, app } = opened);
});

let seq = 0;
const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString();
async function send(events: Array<Record<string, unknown>>) {
  const batch = events.map((e) => ({ messageId: `m-${++seq}`, ...e }));
  const res = await app.request('/v1/batch', { method: 'POST', body: JSON.stringify({ writeKey: 'wk_demo', batch }) });
  expect(((await res.json()) as { accepted: number }).accepted).toBe(events.length);
}
const served = async (userId: string, groupId?: string) => {
  const res = await app.request(`/v1/surveys?writeKey=wk_demo&userId=${userId}${groupId ? `&groupId=${groupId}` : ''}`);
  return ((await res.json()) as { surveys: Array<{ id: string }> }).surveys.map((s) => s.id);
};

describe('targeting.account on live account state', () => {
  it('asks the accounts in the targeted state only', async () => {
    await send([
      // Acme: 4 seats, 2 active users (utilization 0.5), exports: adopted.
      { type: 'group', userId: 'ann', groupId: 'acme', timestamp: at(5), traits: { name: 'Acme', seats: 4 } },
      { type: 'track', event: 'Report Exported', userId: 'ann', groupId: 'acme', timestamp: at(5) },
      { type: 'page', userId: 'al', groupId: 'acme', timestamp: at(4) },
      // Globex: 20 seats, 1 active user (utilization 0.05 → low_seat_utilization), never exported.
      { type: 'group', userId: 'gus', groupId: 'globex', timestamp: at(5), traits: { name: 'Globex', seats: 20 } },
      { type: 'track', event: 'Dashboard Viewed', userId: 'gus', groupId: 'globex', timestamp: at(5) },
      // Initech: seen 60 days ago only, not active in the 30-day window: no state, never targeted.
      { type: 'group', userId: 'ian', groupId: 'initech', timestamp: at(60), traits: { seats: 50 } },
      { type: 'page', userId: 'ian', groupId: 'initech', timestamp: at(60) },
    ]);
    expect(await served('gus')).toEqual(['why-not-export']);
    expect(await served('ann')).toEqual(['power-users']);
    // al never called group(): the SDK's groupId names the account, as every SDK request does.
    expect(await served('al')).toEqual([]);
    expect(await served('al', 'acme')).toEqual(['power-users']);
    expect(await served('ian')).toEqual([]);

    const res = await app.request('/v1/admin/surveys/why-not-export/explain?userId=ann', { headers: { authorization: 'Bearer sk_demo_change_me' } });
    const account = ((await res.json()) as { rules: Array<{ rule: string; pass: boolean; detail: string }> }).rules.find((r) => r.rule === 'account');
    expect(account).toEqual({ rule: 'account', pass: false, detail: 'account acme: risks none; wanted one of low_seat_utilization; adopted: reports.export' });
  });
});
