// account.at_risk and account.health_dropped on a hand-built dataset (accounts-fixture.ts), through
// POST /v1/admin/notifications/evaluate: one notification each, none on a second evaluation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { runReport } from '../../src/reports/run-report.js';
import { accountsDataset, NOW, PROJECT_FIELDS } from './accounts-fixture.js';
import { startHttpReceiver, type HttpReceiver } from './receivers.js';
import { notifyConfig, SECRET_KEY, startHarness, WRITE_KEY, type NotifyHarness } from './support.js';

let harness: NotifyHarness;
let slack: HttpReceiver;
let crm: HttpReceiver;

const request = (path: string, init: RequestInit = {}) =>
  createApp(harness.ctx).request(path, { ...init, headers: { authorization: `Bearer ${SECRET_KEY}`, ...init.headers } });

beforeEach(async () => {
  slack = await startHttpReceiver();
  crm = await startHttpReceiver();
  harness = startHarness(notifyConfig({
    destinations: [{ id: 'cs', type: 'slack', url: slack.url }, { id: 'crm', type: 'webhook', url: crm.url, secret: 'whsec_crm' }],
    dashboardUrl: 'https://uptake.example.com/dashboard',
    rules: [
      { on: 'account.at_risk', to: ['cs'] },
      { on: 'account.health_dropped', when: { byAtLeast: 15 }, to: ['crm'] },
    ],
  }, PROJECT_FIELDS), NOW);
  const res = await createApp(harness.ctx).request('/v1/batch', { method: 'POST', headers: { 'x-uptake-write-key': WRITE_KEY }, body: JSON.stringify({ batch: accountsDataset() }) });
  expect(await res.json()).toMatchObject({ accepted: 15, rejected: [] });
});

afterEach(async () => {
  await harness.close();
  await slack.close();
  await crm.close();
});

describe('account evaluation', () => {
  it('the dataset is what the fixture says (the reports agree)', async () => {
    const project = harness.ctx.config.projects[0];
    const rows = (await runReport(harness.store, project, 'accounts', {}, NOW)).accounts;
    const byId = Object.fromEntries(rows.map((r) => [r.accountId, r]));
    expect(byId.drop.risks).toEqual(['usage_drop']);
    expect(byId.fall).toMatchObject({ risks: [], health: 80, nps: 0 });
    expect(byId.steady).toMatchObject({ risks: [], health: 100 });
  });

  it('notifies one new risk and one health drop, then nothing on a second evaluation', async () => {
    const first = await request('/v1/admin/notifications/evaluate', { method: 'POST' });
    expect(await first.json()).toEqual({ atRisk: 1, healthDropped: 1, queued: 2 });
    await harness.ctx.notifications.worker.drain();
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0].json.text).toBe('Drop Inc (900/mo) has a new risk: usage drop');
    expect(crm.posts).toHaveLength(1);
    const { type, data } = crm.posts[0].json;
    expect(type).toBe('account.health_dropped');
    expect(data).toMatchObject({
      healthBefore: 100, drop: 20, byAtLeast: 15, link: 'https://uptake.example.com/dashboard#/accounts/fall',
      account: { accountId: 'fall', name: 'Fall LLC', health: 80, mrr: 3000, activeUsers: 1, risks: [] },
    });
    expect(Object.keys(data.account)).toEqual(expect.arrayContaining(['healthParts', 'seats']));

    const second = await request('/v1/admin/notifications/evaluate', { method: 'POST' });
    expect(await second.json()).toEqual({ atRisk: 0, healthDropped: 0, queued: 0 });
    await harness.ctx.notifications.worker.drain();
    expect(slack.posts).toHaveLength(1);
    expect(crm.posts).toHaveLength(1);
  });

  it('lists notifications with attempts and no secrets, retries one, and refuses without the secret key', async () => {
    await request('/v1/admin/notifications/evaluate', { method: 'POST' });
    await harness.ctx.notifications.worker.drain();
    const listed = await (await request('/v1/admin/notifications?status=delivered')).json();
    expect(listed.notifications).toHaveLength(2);
    expect(listed.notifications[0]).toMatchObject({ status: 'delivered', attempts: 1, lastError: null });
    expect(JSON.stringify(listed)).not.toContain('whsec_crm');
    expect(JSON.stringify(listed)).not.toContain(crm.url);
    expect((await request('/v1/admin/notifications?status=pending')).status).toBe(200);
    expect((await request('/v1/admin/notifications?status=lost')).status).toBe(400);

    const id = listed.notifications.find((n: { type: string }) => n.type === 'account.health_dropped').id;
    expect(await (await request(`/v1/admin/notifications/${id}/retry`, { method: 'POST' })).json()).toEqual({ id, status: 'pending' });
    await harness.ctx.notifications.worker.drain();
    // Resent with the same id: the receiver can tell it is the same notification.
    expect(crm.posts.map((p) => p.json.id)).toEqual([id, id]);
    expect((await request('/v1/admin/notifications/nope/retry', { method: 'POST' })).status).toBe(404);
    expect((await createApp(harness.ctx).request('/v1/admin/notifications')).status).toBe(401);
    expect((await createApp(harness.ctx).request('/v1/admin/notifications', { headers: { authorization: `Bearer ${WRITE_KEY}` } })).status).toBe(401);
  });

  it('POST /v1/admin/notifications/test sends to one destination and answers the outcome', async () => {
    const res = await request('/v1/admin/notifications/test?destination=crm', { method: 'POST' });
    expect(await res.json()).toMatchObject({ status: 'delivered', error: null });
    expect(crm.posts[0].json).toMatchObject({ type: 'test', project: 'demo' });
    expect((await request('/v1/admin/notifications/test?destination=nope', { method: 'POST' })).status).toBe(400);
  });
});
