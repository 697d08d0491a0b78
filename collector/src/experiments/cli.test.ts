// `uptake-collector report experiments` through the real command entry, a real config file and SQLite file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as report } from '../cli/report.js';
import { openSqliteStore } from '../storage/sqlite/sqlite-store.js';
import { makeEvent } from '../storage/store-suite.js';

let dir: string;
const raw = {
  projects: [{
    id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me',
    experiments: [{ key: 'new-export', variants: [{ key: 'control', weight: 1 }, { key: 'one-click', weight: 1 }], metrics: ['activeUsers'], start: '2026-03-01' }],
  }],
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uptake-exp-cli-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(raw));
  const store = openSqliteStore(join(dir, 'uptake.db'));
  const exposure = (userId: string, groupId: string, variant: string) =>
    makeEvent({ event: '$experiment_exposure', userId, groupId, timestamp: Date.parse('2026-03-05T10:00:00Z'), properties: { experiment: 'new-export', variant } });
  await store.ingest('demo', [exposure('u1', 'A', 'control'), exposure('u2', 'A', 'control'), exposure('u3', 'B', 'one-click')]);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function capture(argv: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  try {
    expect(await report(argv)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('uptake-collector report experiments', () => {
  it('prints the list and one experiment as CSV and JSON', async () => {
    const flags = ['--config', join(dir, 'config.json'), '--db', join(dir, 'uptake.db'), '--to', '2026-04-01'];
    // A (u1, u2) in control, B (u3) in one-click: 2 units.
    expect(await capture(['experiments', ...flags, '--format', 'csv'])).toMatch(/^key,name,unit,active,start,end,units,srmPValue,srmFlagged\r\nnew-export,new-export,account,true,2026-03-01,,2,1,false\r\n$/);
    const one = JSON.parse(await capture(['experiments', 'new-export', ...flags, '--format', 'json']));
    expect(one.variants.map((v: any) => [v.key, v.units, v.users, v.metrics.activeUsers.value])).toEqual([['control', 1, 2, 2], ['one-click', 1, 1, 1]]);
    expect(await capture(['experiments', 'new-export', ...flags])).toContain('one-click');
  });

  it('names a bad flag or an unknown experiment', async () => {
    const flags = ['--config', join(dir, 'config.json'), '--db', join(dir, 'uptake.db')];
    await expect(report(['experiments', 'nope', ...flags])).rejects.toThrow(/no experiment "nope"/);
    await expect(report(['experiments', ...flags, '--format', 'xml'])).rejects.toThrow(/--format/);
  });
});
