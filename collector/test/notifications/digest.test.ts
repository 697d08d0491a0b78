// The digest on the hand-built dataset (accounts-fixture.ts): every number equals the reports' and
// the hand-computed value; the weekly schedule queues it once at its local hour; the CLI prints it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { buildDigest } from '../../src/notifications/digest.js';
import { renderDigestText } from '../../src/notifications/digest-render.js';
import { createNotifications } from '../../src/notifications/service.js';
import { runReport } from '../../src/reports/run-report.js';
import { runCli } from '../ingest/support.js';
import { accountsDataset, D, DAY, detractorComment, NOW, PROJECT_FIELDS } from './accounts-fixture.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver } from './receivers.js';
import { outboxItem } from '../../src/notifications/envelope.js';
import { notifyConfig, startHarness, WRITE_KEY, type NotifyHarness } from './support.js';

let harness: NotifyHarness;
let slack: HttpReceiver;
const notifications = (url: string) => ({
  destinations: [{ id: 'cs', type: 'slack', url }],
  rules: [{ on: 'digest', every: 'week', day: 'monday', hour: 9, timeZone: 'Europe/Paris', to: ['cs'] }],
});

beforeEach(async () => {
  slack = await startHttpReceiver();
  harness = startHarness(notifyConfig(notifications(slack.url), PROJECT_FIELDS), NOW);
  // Plus a detractor comment (d1 of "drop", D-2) and a feature only "drop" used on D-5.
  const batch = [...accountsDataset(), detractorComment(), { type: 'track', event: 'Dashboard Viewed', userId: 'd2', groupId: 'drop', messageId: 'dv1', timestamp: new Date((D - 5) * DAY + 43_200_000).toISOString() }];
  const res = await createApp(harness.ctx).request('/v1/batch', { method: 'POST', headers: { 'x-uptake-write-key': WRITE_KEY }, body: JSON.stringify({ batch }) });
  expect(await res.json()).toMatchObject({ accepted: 17, rejected: [] });
});

afterEach(async () => {
  await harness.close();
  await slack.close();
});

describe('digest', () => {
  it('compares the last week with the one before, with the numbers of the reports', async () => {
    const project = harness.ctx.config.projects[0];
    const digest = await buildDigest(harness.store, project, 'week', D, NOW);
    const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
    expect(digest.period).toEqual({ from: iso(D - 7), to: iso(D) });
    // Week [D-7, D): "drop" (d1, d2 on D-5) is active; the week before: "fall" and "steady" (D-10).
    expect(digest.activeAccounts).toEqual({ now: 1, before: 2, change: -1 });
    expect(digest.activeUsers).toEqual({ now: 2, before: 2, change: 0 });
    // Answers in the week: f1 8 (passive), d1 3 (detractor) → 100 × (0 − 1) / 2 = −50; none the week before.
    expect(digest.nps).toEqual({ now: -50, before: null, change: null });
    expect(digest.csat).toEqual({ now: null, before: null, change: null });
    // "drop" had no row the week before; now its NPS is −100 → detractor_account.
    expect(digest.newlyAtRisk.map((a) => [a.accountId, a.mrr, a.risks])).toEqual([['drop', 900, ['detractor_account']]]);
    expect(digest.healthDrops).toEqual([]);
    expect(digest.detractorComments).toMatchObject([{ accountName: 'Drop Inc', score: 3, comment: 'Exports time out' }]);
    // Dashboard Viewed: 1 of 1 active account now, 0 of 2 before (+1); Export reports 1 → 1 does not move.
    expect(digest.featureMoves).toEqual([{ key: 'Dashboard Viewed', name: 'Dashboard Viewed', adoptionBefore: 0, adoption: 1, change: 1 }]);

    const window = { from: iso(D - 7), to: iso(D) };
    const before = { from: iso(D - 14), to: iso(D - 7) };
    const [overview, overviewBefore] = await Promise.all([runReport(harness.store, project, 'overview', window, NOW), runReport(harness.store, project, 'overview', before, NOW)]);
    expect([digest.activeAccounts.now, digest.activeAccounts.before]).toEqual([overview.activeAccounts, overviewBefore.activeAccounts]);
    expect([digest.activeUsers.now, digest.activeUsers.before]).toEqual([overview.activeUsers, overviewBefore.activeUsers]);
    expect([digest.nps.now, digest.csat.now, digest.mrrAtRisk]).toEqual([overview.nps.score, overview.csat.score, overview.mrrAtRisk]);

    const text = renderDigestText(digest);
    expect(text).toContain('Active accounts       1  (−1 vs 2)');
    expect(text).toContain('Drop Inc · 900/mo · detractor account');
    expect(text).toContain('3/10 · Drop Inc · "Exports time out"');
  });

  it('emails the digest as text and HTML through a real SMTP server', async () => {
    const smtp = await startSmtpReceiver();
    const mailHarness = startHarness(notifyConfig({
      destinations: [{ id: 'pm', type: 'email', to: ['pm@example.com'] }],
      smtp: { url: smtp.url, from: 'Uptake <uptake@example.com>' },
    }, PROJECT_FIELDS), NOW);
    try {
      const digest = await buildDigest(harness.store, harness.ctx.config.projects[0], 'week', D, NOW);
      const envelope = { type: 'digest' as const, project: 'demo', occurredAt: new Date(NOW).toISOString(), data: digest as unknown as Record<string, unknown> };
      await mailHarness.store.enqueueNotifications([outboxItem(envelope, 'w', 'pm', NOW)]);
      await mailHarness.ctx.notifications.worker.drain();
      const [mail] = await smtp.received(1);
      expect(mail.raw).toContain('Subject: Uptake weekly digest: Demo SaaS');
      expect(mail.raw).toMatch(/Content-Type: text\/plain[\s\S]*Active accounts[\s\S]*Content-Type: text\/html[\s\S]*<h3>Newly at risk/);
      // Quoted-printable wraps long lines with a soft break (=CRLF).
      expect(mail.raw.replace(/=\r?\n/g, '')).toContain('Exports time out');
    } finally {
      await mailHarness.close();
      await smtp.close();
    }
  });

  it('queues the weekly digest once, at 9:00 Paris time on Monday', async () => {
    const { notifications: service } = harness.ctx;
    // Monday D 07:59 UTC is 08:59 in Paris (UTC+1 in December): the latest due time is a week old,
    // too late to send on a first start; it is only remembered.
    harness.clock.set(D * DAY + 7 * 3_600_000 + 59 * 60_000);
    expect(await service.checkDigests()).toBe(0);
    harness.clock.set(D * DAY + 8 * 3_600_000);
    expect(await service.checkDigests()).toBe(1);
    expect(await service.checkDigests()).toBe(0);
    await service.worker.drain();
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0].json.blocks[0].text.text).toMatch(/^Weekly digest · Demo SaaS · \d{4}-\d{2}-\d{2} → /);
    expect(slack.posts[0].json.text).toContain('1 active accounts');
  });

  it('uptake-collector digest prints the digest the rule would send now', async () => {
    const config = join(harness.dir, 'uptake.config.json');
    writeFileSync(config, JSON.stringify({ projects: [{ id: 'demo', name: 'Demo SaaS', writeKey: WRITE_KEY, secretKey: 'sk_notify_secret', ...PROJECT_FIELDS, notifications: { allowInsecureDestinations: true, allowPrivateDestinations: true, ...notifications(slack.url) } }] }));
    const expected = renderDigestText((await createNotifications({ config: harness.ctx.config, store: harness.store, now: Date.now }).digest(harness.ctx.config.projects[0])).digest);
    const { code, stdout } = await runCli(['digest', '--project', 'demo', '--config', config, '--db', harness.dbPath]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(expected);
    expect(slack.posts).toHaveLength(0);
    // --send delivers it to the rule's destination (cs) before exiting.
    const sent = await runCli(['digest', '--project', 'demo', '--config', config, '--db', harness.dbPath, '--send']);
    expect(sent.code).toBe(0);
    expect(sent.stderr).toContain('cs: delivered');
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0].json.blocks[0].text.text).toBe(expected.split('\n')[0]);
    const bad = await runCli(['digest', '--project', 'nope', '--config', config, '--db', harness.dbPath]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--project: no project "nope"');
  });
});
