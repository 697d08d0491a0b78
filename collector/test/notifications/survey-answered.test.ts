// `survey.answered` through real ingest: one notification per response, sent when its comment arrives
// or `commentWaitSeconds` after the score, filtered by the rule's `when`; a resent batch sends nothing more.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { startHttpReceiver, type HttpReceiver } from './receivers.js';
import { notifyConfig, startHarness, WRITE_KEY, type NotifyHarness } from './support.js';

const T = Date.UTC(2026, 11, 1, 10);
const SEC = 1000;
let harness: NotifyHarness;
let receiver: HttpReceiver;
let seq = 0;

async function ingest(batch: Record<string, unknown>[]): Promise<void> {
  const res = await createApp(harness.ctx).request('/v1/batch', {
    method: 'POST', headers: { 'x-uptake-write-key': WRITE_KEY }, body: JSON.stringify({ batch }),
  });
  expect(res.status).toBe(200);
}

const at = (ms: number) => new Date(ms).toISOString();
const answer = (props: Record<string, unknown>, ms = harness.clock.now, messageId = `m${++seq}`) => ({
  type: 'track', event: '$survey_answered', userId: 'u1', groupId: 'acme', messageId, timestamp: at(ms),
  properties: { surveyId: 'nps-2026', kind: 'nps', responseId: 'r1', ...props },
});

beforeEach(async () => {
  receiver = await startHttpReceiver();
  harness = startHarness(notifyConfig({
    destinations: [{ id: 'cs', type: 'slack', url: receiver.url }],
    dashboardUrl: 'https://uptake.example.com/dashboard',
    rules: [{ on: 'survey.answered', when: { kinds: ['nps'], scoreAtMost: 6 }, to: ['cs'] }],
  }), T);
  await ingest([
    { type: 'identify', userId: 'u1', messageId: 'id1', timestamp: at(T - 60 * SEC), traits: { email: 'jane@acme.test', name: 'Jane' } },
    { type: 'group', userId: 'u1', groupId: 'acme', messageId: 'g1', timestamp: at(T - 60 * SEC), traits: { name: 'Acme Corp', plan: 'pro', mrr: 1200, seats: 10 } },
    { type: 'track', event: 'Report Exported', userId: 'u1', groupId: 'acme', messageId: 't1', timestamp: at(T - 30 * SEC) },
  ]);
});

afterEach(async () => {
  await harness.close();
  await receiver.close();
});

describe('survey.answered', () => {
  it('waits for the comment and sends one message with it, account, MRR and link', async () => {
    const { worker } = harness.ctx.notifications;
    await ingest([answer({ score: 3 })]);
    await worker.drain();
    expect(receiver.posts).toHaveLength(0);
    harness.clock.set(T + 30 * SEC);
    await ingest([answer({ score: 3, comment: 'Export is slow' })]);
    await worker.drain();
    expect(receiver.posts).toHaveLength(1);
    const { text, blocks } = receiver.posts[0].json;
    expect(text).toBe('Jane (Acme Corp) answered 3/10: "Export is slow"');
    const all = JSON.stringify(blocks);
    expect(all).toContain('*Account*\\nAcme Corp');
    expect(all).toContain('*MRR*\\n1,200/mo');
    expect(all).toContain('> Export is slow');
    expect(all).toContain('https://uptake.example.com/dashboard#/accounts/acme');
    // The wait ends (T + 120 s) after delivery: nothing more is sent.
    harness.clock.set(T + 121 * SEC);
    await worker.drain();
    expect(receiver.posts).toHaveLength(1);
  });

  it('sends the score alone commentWaitSeconds (120) after it when no comment comes', async () => {
    const { worker } = harness.ctx.notifications;
    await ingest([answer({ score: 2 })]);
    harness.clock.set(T + 119 * SEC);
    await worker.drain();
    expect(receiver.posts).toHaveLength(0);
    harness.clock.set(T + 120 * SEC);
    await worker.drain();
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0].json.text).toBe('Jane (Acme Corp) answered 2/10 without a comment');
    // A comment arriving later does not send a second message.
    harness.clock.set(T + 200 * SEC);
    await ingest([answer({ score: 2, comment: 'late' })]);
    await worker.drain();
    expect(receiver.posts).toHaveLength(1);
  });

  it('skips answers the rule does not match and sends a resent batch once', async () => {
    const { worker } = harness.ctx.notifications;
    const resent = answer({ responseId: 'r9', score: 4, comment: 'meh' });
    await ingest([
      answer({ responseId: 'r2', score: 9, comment: 'great' }),
      answer({ responseId: 'r3', kind: 'csat', score: 1, comment: 'bad' }),
      resent,
    ]);
    await ingest([resent]);
    await worker.drain();
    // Score 9 is above scoreAtMost 6; CSAT is not in kinds; r9 once although stored then resent.
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0].json.text).toContain('4/10: "meh"');
    expect(await harness.store.listNotifications('demo', null, 10)).toHaveLength(1);
  });
});
