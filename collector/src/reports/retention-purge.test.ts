import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { openSqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { NormalizedEvent, Store } from '../storage/store.js';
import { runReport } from './run-report.js';
import { purgeExpiredEvents, startRetentionPurge } from './retention-purge.js';

const config = parseConfig({ projects: [{ id: 'p', name: 'P', writeKey: 'wk_p', secretKey: 'sk_p_secret', retentionDays: 30 }] });
const project = config.projects[0];
const NOW = Date.parse('2026-03-31T12:00:00Z');
const dirs: string[] = [];
const stores: Store[] = [];

function store(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-purge-'));
  dirs.push(dir);
  const s = openSqliteStore(join(dir, 'uptake.db'));
  stores.push(s);
  return s;
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let n = 0;
const track = (iso: string, userKey: string): NormalizedEvent => ({
  messageId: `m${n++}`, type: 'track', event: 'Report Created', userId: userKey, anonymousId: null, userKey, groupId: 'acme',
  timestamp: Date.parse(iso), receivedAt: Date.parse(iso), sessionId: null, properties: null, traits: null, context: null,
});

describe('retention purge', () => {
  it('deletes raw events older than retentionDays and keeps the reported history', async () => {
    const s = store();
    // two old events (Jan), one recent (Mar 20); the cut is Mar 1 12:00
    await s.ingest('p', [track('2026-01-10T10:00:00Z', 'ann'), track('2026-01-11T10:00:00Z', 'bo'), track('2026-03-20T10:00:00Z', 'ann')]);
    const old = { from: '2026-01-01', to: '2026-02-01' };
    const before = await runReport(s, project, 'accounts', old, NOW);
    expect(before.accounts[0].activeUsers).toBe(2);

    expect(await purgeExpiredEvents(s, config, NOW)).toEqual([{ project: 'p', events: 2 }]);
    expect(await s.countEvents('p')).toBe(1);
    expect(await runReport(s, project, 'accounts', old, NOW)).toEqual(before);
    expect(await purgeExpiredEvents(s, config, NOW)).toEqual([{ project: 'p', events: 0 }]);
  });

  it('runs at start and logs what it purged; stopping clears the timer', async () => {
    const s = store();
    await s.ingest('p', [track('2026-01-10T10:00:00Z', 'ann')]);
    const lines: string[] = [];
    const logged = new Promise<void>((resolve) => {
      const stop = startRetentionPurge({ config, store: s, now: () => NOW }, {
        log: (line) => {
          lines.push(line);
          stop();
          resolve();
        },
      });
    });
    await logged;
    expect(lines).toEqual(['[uptake] retention: purged 1 raw events of project p']);
    expect(await s.countEvents('p')).toBe(0);
  });
});
