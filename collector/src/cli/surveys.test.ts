// `uptake-collector surveys explain|reach` as a user runs it, on a real SQLite file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../storage/open-store.js';
import { DAY_MS } from '../storage/store.js';
import { validateBatch } from '../ingest/normalize.js';
import { parseSurveysArgs } from './surveys.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(ROOT, 'collector', 'bin', 'uptake-collector.mjs');
const dir = mkdtempSync(join(tmpdir(), 'uptake-surveys-cli-'));
const CONFIG = join(dir, 'uptake.config.json');
const DB = join(dir, 'uptake.db');

beforeAll(async () => {
  writeFileSync(CONFIG, JSON.stringify({ projects: [{ id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me', surveys: [{ id: 'nps-2026', kind: 'nps', question: 'How likely…?' }] }] }));
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS).toISOString();
  const { events } = validateBatch([
    { type: 'page', userId: 'u_1', groupId: 'acme', messageId: 'm1', timestamp: at(20) },
    { type: 'track', event: '$survey_shown', userId: 'u_1', groupId: 'acme', messageId: 'm2', timestamp: at(3), properties: { surveyId: 'nps-2026', kind: 'nps', responseId: 'r' } },
    { type: 'page', userId: 'u_2', groupId: 'acme', messageId: 'm3', timestamp: at(1) },
  ], { receivedAt: now, sentAt: null });
  const store = await openStore(DB);
  await store.ingest('demo', events);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'surveys', ...args, '--config', CONFIG, '--db', DB], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
}

describe('uptake-collector surveys', () => {
  it('explains each rule for a user, in words', () => {
    const { status, stdout } = cli(['explain', 'nps-2026', '--user', 'u_1']);
    expect(status).toBe(0);
    expect(stdout).toContain('✗ globalCooldownDays           last shown 3 days ago (nps-2026); globalCooldownDays is 14');
    expect(stdout.trim().split('\n')).toHaveLength(12); // 11 rules and the verdict
    expect(stdout.trim().endsWith('not eligible for nps-2026')).toBe(true);
  });

  it('gives the reach as JSON: u_2 eligible, u_1 in the cooldown', () => {
    const { status, stdout } = cli(['reach', 'nps-2026', '--format', 'json']);
    expect(status).toBe(0);
    const reach = JSON.parse(stdout);
    expect([reach.users, reach.accounts]).toEqual([{ active: 2, eligible: 1 }, { active: 1, eligible: 1 }]);
    expect(reach.rules.find((r: { rule: string }) => r.rule === 'globalCooldownDays')).toEqual({ rule: 'globalCooldownDays', excludedUsers: 1, excludedAccounts: 0 });
  });

  it('refuses bad arguments with one line and exit code 2', () => {
    expect(cli(['explain', 'nps-2026'])).toMatchObject({ status: 2, stderr: 'uptake-collector surveys: explain needs --user ID' });
    expect(cli(['explain', 'nope', '--user', 'u_1'])).toMatchObject({ status: 2, stderr: expect.stringContaining('no survey "nope"') });
    expect(() => parseSurveysArgs(['list'], {})).toThrow('unknown action "list" (expected explain or reach)');
    expect(() => parseSurveysArgs(['reach', 'nps-2026', '--user', 'u'], {})).toThrow('--user, --account and --url apply to explain only');
  });
});
