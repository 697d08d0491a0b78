// Delivery to real receivers on loopback: signed webhooks, Slack messages, email through a real SMTP
// server, retries with backoff and Retry-After on a test clock, giving up after 24 h, timeouts, and
// the destination policy (private addresses refused, URLs never logged).
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { outboxItem } from '../../src/notifications/envelope.js';
import { verifySignature } from '../../src/notifications/signature.js';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from './receivers.js';
import { notifyConfig, startHarness, WRITE_KEY, type NotifyHarness } from './support.js';

const T = Date.UTC(2026, 11, 1, 10);
const MIN = 60_000;
let harness: NotifyHarness | null = null;
const receivers: (HttpReceiver | SmtpReceiver)[] = [];

afterEach(async () => {
  await harness?.close();
  harness = null;
  for (const r of receivers.splice(0)) await r.close();
});

const atRiskEnvelope = {
  type: 'account.at_risk' as const, project: 'demo', occurredAt: new Date(T).toISOString(),
  data: { account: { accountId: 'acme', name: 'Acme <Corp>', plan: 'pro', mrr: 1200, seats: 10, activeUsers: 2, health: 35, risks: ['usage_drop'], newRisks: ['usage_drop'] }, link: 'https://uptake.example.com/dashboard#/accounts/acme' },
};

describe('delivery', () => {
  it('POSTs a webhook whose Uptake-Signature the receiver verifies with the secret', async () => {
    const secret = 'whsec_test_123';
    const receiver = await startHttpReceiver([], (post) => (verifySignature(secret, post.body, post.headers['uptake-signature'] as string, Date.now() / 1000) ? 200 : 401));
    receivers.push(receiver);
    harness = startHarness(notifyConfig({ destinations: [{ id: 'crm', type: 'webhook', url: `${receiver.url}/hook`, secret }] }), T);
    harness.clock.set(Date.now());
    const { outcome } = await harness.ctx.notifications.test(harness.ctx.config.projects[0], 'crm');
    expect(outcome.status).toBe('delivered');
    const [post] = receiver.posts;
    expect(Object.keys(post.json)).toEqual(['id', 'type', 'project', 'occurredAt', 'data']);
    expect(post.json).toMatchObject({ type: 'test', project: 'demo' });
    // The header by hand: t=<unix seconds>,v1=hex(HMAC-SHA256(secret, "<t>.<body>")).
    const [, t] = /^t=(\d+),/.exec(post.headers['uptake-signature'] as string)!;
    const v1 = createHmac('sha256', secret).update(`${t}.${post.body}`).digest('hex');
    expect(post.headers['uptake-signature']).toBe(`t=${t},v1=${v1}`);
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    // A wrong secret does not verify.
    expect(verifySignature('whsec_other', post.body, post.headers['uptake-signature'] as string, Date.now() / 1000)).toBe(false);
  });

  it('sends Slack a message with text and blocks naming the account, its MRR and a link to its page', async () => {
    const receiver = await startHttpReceiver();
    receivers.push(receiver);
    harness = startHarness(notifyConfig({ destinations: [{ id: 'cs', type: 'slack', url: `${receiver.url}/services/T0/B0/x` }] }), T);
    await harness.store.enqueueNotifications([outboxItem(atRiskEnvelope, 'acme', 'cs', T)]);
    await harness.ctx.notifications.worker.drain();
    const [post] = await receiver.received(1);
    expect(post.path).toBe('/services/T0/B0/x');
    // Slack escapes &, < and > in mrkdwn text.
    expect(post.json.text).toBe('Acme &lt;Corp&gt; (1,200/mo) has a new risk: usage drop');
    const blocks = JSON.stringify(post.json.blocks);
    expect(post.json.blocks[0]).toMatchObject({ type: 'header' });
    expect(blocks).toContain('*MRR*\\n1,200/mo');
    expect(blocks).toContain('"url":"https://uptake.example.com/dashboard#/accounts/acme"');
    expect((await harness.store.listNotifications('demo', 'delivered', 10))).toHaveLength(1);
  });

  it('sends email in text and HTML through a real SMTP server', async () => {
    const smtp = await startSmtpReceiver();
    receivers.push(smtp);
    harness = startHarness(notifyConfig({
      destinations: [{ id: 'pm', type: 'email', to: ['pm@example.com', 'cs@example.com'] }],
      smtp: { url: smtp.url, from: 'Uptake <uptake@example.com>' },
    }), T);
    await harness.store.enqueueNotifications([outboxItem(atRiskEnvelope, 'acme', 'pm', T)]);
    await harness.ctx.notifications.worker.drain();
    const [mail] = await smtp.received(1);
    expect(mail.from).toBe('uptake@example.com');
    expect(mail.to).toEqual(['pm@example.com', 'cs@example.com']);
    expect(mail.raw).toMatch(/Subject: Uptake: Acme <Corp> is at risk: usage drop/);
    expect(mail.raw).toContain('Content-Type: text/plain');
    expect(mail.raw).toContain('Content-Type: text/html');
    // In HTML the account name is escaped.
    expect(mail.raw).toContain('Acme &lt;Corp&gt;');
    expect((await harness.store.listNotifications('demo', 'delivered', 10))).toHaveLength(1);
  });

  it('retries an email the SMTP server refused (bad login) without logging the password', async () => {
    const smtp = await startSmtpReceiver();
    receivers.push(smtp);
    harness = startHarness(notifyConfig({
      destinations: [{ id: 'pm', type: 'email', to: ['pm@example.com'] }],
      smtp: { url: smtp.url.replace('user:pass', 'user:WRONGSECRET'), from: 'uptake@example.com' },
    }), T);
    await harness.store.enqueueNotifications([outboxItem(atRiskEnvelope, 'acme', 'pm', T)]);
    await harness.ctx.notifications.worker.drain();
    const [pending] = await harness.store.listNotifications('demo', 'pending', 1);
    expect(pending).toMatchObject({ attempts: 1, nextAttemptAt: T + MIN, lastError: expect.stringContaining('SMTP') });
    expect(smtp.mails).toHaveLength(0);
    expect([pending.lastError, ...harness.logs].join('\n')).not.toContain('WRONGSECRET');
  });

  it('retries through 500s: 1 min later, then after what Retry-After asked, with the same id', async () => {
    const receiver = await startHttpReceiver([{ status: 500 }, { status: 503, headers: { 'Retry-After': '120' } }, { status: 200 }]);
    receivers.push(receiver);
    harness = startHarness(notifyConfig({ destinations: [{ id: 'crm', type: 'webhook', url: receiver.url, secret: 's' }] }), T);
    const { worker } = harness.ctx.notifications;
    await harness.store.enqueueNotifications([outboxItem(atRiskEnvelope, 'acme', 'crm', T)]);
    await worker.drain();
    expect(receiver.posts).toHaveLength(1);
    // First retry after the 1-minute base: not at T + 59 s, at T + 60 s.
    harness.clock.set(T + MIN - 1000);
    await worker.drain();
    expect(receiver.posts).toHaveLength(1);
    harness.clock.set(T + MIN);
    await worker.drain();
    expect(receiver.posts).toHaveLength(2);
    const [pending] = await harness.store.listNotifications('demo', 'pending', 10);
    // Retry-After: 120 at T + 60 s → next attempt at T + 180 s (not the doubled 2 min backoff's T + 180 s by chance: 60 + 120).
    expect(pending).toMatchObject({ attempts: 2, lastError: expect.stringContaining('HTTP 503'), nextAttemptAt: T + 3 * MIN });
    harness.clock.set(T + 3 * MIN - 1);
    await worker.drain();
    expect(receiver.posts).toHaveLength(2);
    harness.clock.set(T + 3 * MIN);
    await worker.drain();
    expect(receiver.posts.map((p) => p.json.id)).toEqual(Array(3).fill(receiver.posts[0].json.id));
    expect(await harness.store.listNotifications('demo', 'delivered', 10)).toMatchObject([{ attempts: 3, deliveredAt: T + 3 * MIN }]);
  });

  it('honours a Retry-After longer than the backoff', async () => {
    const receiver = await startHttpReceiver([{ status: 429, headers: { 'Retry-After': '600' } }]);
    receivers.push(receiver);
    harness = startHarness(notifyConfig({ destinations: [{ id: 'crm', type: 'webhook', url: receiver.url, secret: 's' }] }), T);
    await harness.store.enqueueNotifications([outboxItem(atRiskEnvelope, 'acme', 'crm', T)]);
    await harness.ctx.notifications.worker.drain();
    // 600 s asked, more than the 60 s base: next attempt at T + 10 min.
    expect((await harness.store.listNotifications('demo', 'pending', 10))[0].nextAttemptAt).toBe(T + 10 * MIN);
  });

  it('marks a notification failed after 24 h of failures', async () => {
    const receiver = await startHttpReceiver([], () => 500);
    receivers.push(receiver);
    harness = startHarness(notifyConfig({ destinations: [{ id: 'crm', type: 'webhook', url: receiver.url, secret: 's' }] }), T);
    await harness.store.enqueueNotifications([outboxItem(atRiskEnvelope, 'acme', 'crm', T)]);
    const { worker } = harness.ctx.notifications;
    await worker.drain();
    for (;;) {
      const [pending] = await harness.store.listNotifications('demo', 'pending', 1);
      if (!pending) break;
      harness.clock.set(pending.nextAttemptAt);
      await worker.drain();
    }
    // Attempts at minutes 0, 1, 3, 7, 15, 31, 63 (delays 1, 2, 4, …, 32 min), then every 60 min (the cap):
    // 63 + 60k ≤ 1440 − 60 for k ≤ 22, so attempts at 63 … 1383 are 23 more; 1383 + 60 > 1440 gives up.
    // 6 + 23 = 29 attempts.
    const [failed] = await harness.store.listNotifications('demo', 'failed', 1);
    expect(failed.attempts).toBe(29);
    expect(receiver.posts).toHaveLength(29);
  });

  it('a hanging receiver times out without holding up other deliveries or ingest', async () => {
    const hanging = await startHttpReceiver(['hang']);
    const healthy = await startHttpReceiver();
    receivers.push(hanging, healthy);
    harness = startHarness(notifyConfig({
      destinations: [{ id: 'slow', type: 'webhook', url: hanging.url, secret: 's' }, { id: 'fast', type: 'slack', url: healthy.url }],
    }), Date.now(), { timeoutMs: 1500 });
    const { worker } = harness.ctx.notifications;
    const app = createApp(harness.ctx);
    const ingest = (messageId: string) => app.request('/v1/batch', {
      method: 'POST', headers: { 'x-uptake-write-key': WRITE_KEY },
      body: JSON.stringify({ batch: [{ type: 'track', event: 'Report Exported', userId: 'u1', messageId }] }),
    });
    // The store's writer thread starts with the first batch: started before the clock matters.
    expect((await ingest('m0')).status).toBe(200);
    const slow = outboxItem(atRiskEnvelope, 'acme', 'slow', harness.clock.now);
    const slowOutcome = worker.nextOutcome(slow.id);
    let slowSettled = false;
    void slowOutcome.then(() => (slowSettled = true));
    await harness.store.enqueueNotifications([slow]);
    worker.wake();
    await hanging.received(1);
    await harness.store.enqueueNotifications([outboxItem(atRiskEnvelope, 'acme', 'fast', harness.clock.now)]);
    worker.wake();
    await healthy.received(1);
    // Ingest answers while the slow receiver still holds its request.
    expect((await ingest('m1')).status).toBe(200);
    expect(slowSettled).toBe(false);
    expect(await slowOutcome).toMatchObject({ status: 'pending', error: expect.stringContaining('no answer within 1500 ms') });
  });
});

describe('destination policy', () => {
  it('refuses loopback and private addresses unless allowPrivateDestinations, and logs no URL path', async () => {
    const receiver = await startHttpReceiver();
    receivers.push(receiver);
    const port = new URL(receiver.url).port;
    harness = startHarness(notifyConfig({
      allowPrivateDestinations: false,
      destinations: [
        { id: 'ip', type: 'slack', url: `http://127.0.0.1:${port}/services/SECRETPATH` },
        { id: 'name', type: 'webhook', url: `http://localhost:${port}/SECRETPATH`, secret: 'whsec_SECRET' },
      ],
    }), T);
    const project = harness.ctx.config.projects[0];
    const ip = await harness.ctx.notifications.test(project, 'ip');
    const name = await harness.ctx.notifications.test(project, 'name');
    expect(ip.outcome).toMatchObject({ status: 'failed', error: expect.stringContaining('private') });
    expect(name.outcome).toMatchObject({ status: 'failed', error: expect.stringContaining('private') });
    expect(receiver.posts).toHaveLength(0);
    expect(harness.logs.length).toBeGreaterThan(0);
    for (const line of harness.logs) expect(line).not.toMatch(/SECRET/);
  });
});
