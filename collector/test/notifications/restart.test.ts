// The outbox survives a crash: a real `uptake-collector serve` process acknowledges a survey answer
// (its notification now waits commentWaitSeconds in the outbox), is killed with SIGKILL before sending
// it, and the restarted collector delivers it. Also: a bad notifications config is refused at start.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCollector, type CollectorProcess } from '../ingest/support.js';
import { startHttpReceiver, type HttpReceiver } from './receivers.js';

let dir: string;
let receiver: HttpReceiver;
const running: CollectorProcess[] = [];

function writeConfig(notifications: Record<string, unknown>): string {
  const file = join(dir, `config-${running.length}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ projects: [{ id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_long_enough', notifications }] }));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uptake-notify-restart-'));
  receiver = await startHttpReceiver();
});
afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await Promise.all(running.map((p) => p.exited));
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('restarts', () => {
  it('delivers after a SIGKILL a notification that was pending when the collector died', async () => {
    const config = writeConfig({
      allowInsecureDestinations: true, allowPrivateDestinations: true, commentWaitSeconds: 2,
      destinations: [{ id: 'crm', type: 'webhook', url: receiver.url, secret: 'whsec_x' }],
      rules: [{ on: 'survey.answered', to: ['crm'] }],
    });
    const db = join(dir, 'uptake.db');
    const first = await spawnCollector(['--config', config, '--db', db]);
    running.push(first);
    const res = await fetch(`${first.url}/v1/batch`, {
      method: 'POST', headers: { 'x-uptake-write-key': 'wk_demo' },
      body: JSON.stringify({ batch: [{ type: 'track', event: '$survey_answered', userId: 'u1', messageId: 'a1', properties: { surveyId: 's', kind: 'nps', responseId: 'r1', score: 2 } }] }),
    });
    expect(res.status).toBe(200);
    // Acknowledged: the notification is in the outbox, due 2 s after the score. Killed at once.
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(receiver.posts).toHaveLength(0);

    const second = await spawnCollector(['--config', config, '--db', db]);
    running.push(second);
    const [post] = await receiver.received(1);
    expect(post.json).toMatchObject({ type: 'survey.answered', project: 'demo', data: { responseId: 'r1', score: 2, comment: null } });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(receiver.posts).toHaveLength(1);
  });

  it('refuses to start with a rule sending to an unknown destination, naming the field', async () => {
    const config = writeConfig({ destinations: [], rules: [{ on: 'account.at_risk', to: ['crm'] }] });
    const { code, stderr } = await runCli(['serve', '--config', config, '--db', join(dir, 'never.db'), '--port', '0']);
    expect(code).toBe(2);
    expect(stderr).toContain('projects[0].notifications.rules[0].to[0]: unknown destination "crm"');
  });
});
