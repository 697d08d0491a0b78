// A config reload (SIGHUP, --watch-config) that adds notifications to a running collector: the outbox
// worker starts polling and the new rules apply without a restart.
import { afterEach, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { reloadConfig } from '../../src/context.js';
import { startHttpReceiver, type HttpReceiver } from './receivers.js';
import { notifyConfig, SECRET_KEY, startHarness, WRITE_KEY, type NotifyHarness } from './support.js';

const T = Date.UTC(2026, 11, 1, 10);
let harness: NotifyHarness | null = null;
let receiver: HttpReceiver | null = null;

afterEach(async () => {
  await harness?.close();
  await receiver?.close();
  harness = receiver = null;
});

it('a reload that adds a destination and a rule starts delivering, polled by the worker (no drain, no restart)', async () => {
  receiver = await startHttpReceiver();
  const plain = parseConfig({ projects: [{ id: 'demo', name: 'Demo SaaS', writeKey: WRITE_KEY, secretKey: SECRET_KEY }] }, 'config', () => {});
  harness = startHarness(plain, T, { pollMs: 20 });
  harness.ctx.notifications.start();

  reloadConfig(harness.ctx, notifyConfig({
    destinations: [{ id: 'cs', type: 'slack', url: receiver.url }],
    rules: [{ on: 'survey.answered', when: { kinds: ['nps'] }, to: ['cs'] }],
  }));
  const res = await createApp(harness.ctx).request('/v1/batch', {
    method: 'POST', headers: { 'x-uptake-write-key': WRITE_KEY },
    body: JSON.stringify({ batch: [{
      type: 'track', event: '$survey_answered', userId: 'u1', groupId: 'acme', messageId: 'a1', timestamp: new Date(T).toISOString(),
      properties: { surveyId: 'nps-2026', kind: 'nps', responseId: 'r1', score: 9 },
    }] }),
  });
  expect(res.status).toBe(200);
  // Due once the comment wait (default 120 s) is over: only the worker's own polling can send it now.
  harness.clock.set(T + 121_000);
  const [post] = await receiver.received(1);
  expect(post.json.text).toBe('u1 (acme) answered 9/10 without a comment'); // an account without a name shows its id
});
