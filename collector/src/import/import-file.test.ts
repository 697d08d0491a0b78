// Importing small files of each format into a real SQLite file: malformed lines are rejected alone
// with their line number and reason, ids become messageIds (a rerun stores nothing new), an import
// stopped by `limit` resumes where it stopped, and gzip files read the same as plain ones.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { checkpointPath } from './checkpoint.js';
import { importFile, rejectsPath } from './import-file.js';
import { scanEvents } from '../storage/scan-events.js';

const dir = mkdtempSync(join(tmpdir(), 'uptake-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let store: SqliteStore;
let n = 0;
beforeEach(() => {
  store = openSqliteStore(join(dir, `db-${++n}.db`));
});
afterEach(async () => {
  await store.close();
});

const NOW = Date.UTC(2026, 11, 1);
function write(name: string, lines: Array<unknown>): string {
  const file = join(dir, name);
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}
const rejects = (file: string) =>
  readFileSync(rejectsPath(file), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { line: number; reason: string; text: string });

async function stored() {
  const rows = [];
  for await (const e of scanEvents(store, 'demo')) rows.push(e);
  return rows;
}

describe('import of each format, malformed lines included', () => {
  it('uptake: wire events keep their exported time (a sentAt is ignored), with or without one', async () => {
    const file = write('uptake.ndjson', [
      // Sent an hour after its timestamp: through the API that shifts nothing either (the device clock
      // is right), but a sentAt later than receipt would move it; an export's times are final.
      { type: 'track', event: 'Report Exported', userId: 'u1', messageId: 'up-1', timestamp: '2026-11-03T10:00:00.000Z', sentAt: '2026-12-02T00:00:00.000Z' },
      { type: 'track', event: 'Report Exported', userId: 'u1', messageId: 'up-2', timestamp: '2026-11-03T11:00:00.000Z' },
    ]);
    const result = await importFile(store, 'demo', file, { format: 'uptake', now: () => NOW });
    expect(result.counts).toEqual({ read: 2, stored: 2, duplicates: 0, rejected: 0 });
    // With the sentAt kept, skew correction would give 10:00 + (NOW − sentAt) = 10:00 − 24 h (sentAt is a day after NOW).
    expect((await stored()).map((e) => [e.messageId, new Date(e.timestamp).toISOString()])).toEqual([
      ['up-1', '2026-11-03T10:00:00.000Z'],
      ['up-2', '2026-11-03T11:00:00.000Z'],
    ]);
  });

  it('segment: API calls and warehouse rows; bad JSON, a missing user and a bad type rejected alone', async () => {
    const file = write('segment.ndjson', [
      { type: 'track', event: 'Report Exported', userId: 'u1', groupId: 'acme', messageId: 'seg-1', timestamp: '2026-11-03T10:00:00Z' },
      '{"type":"track", "event": ',
      { event: 'Report Exported', user_id: 'u2', group_id: 'acme', message_id: 'seg-2', original_timestamp: '2026-11-03T11:00:00Z' },
      '',
      { type: 'track', event: 'Report Exported', messageId: 'seg-3' },
      { type: 'teleport', userId: 'u1', messageId: 'seg-4' },
    ]);
    const result = await importFile(store, 'demo', file, { format: 'segment', now: () => NOW });
    // 5 non-blank lines: 2 stored, 3 rejected (lines 2, 5, 6; line 4 is blank).
    expect(result.counts).toEqual({ read: 5, stored: 2, duplicates: 0, rejected: 3 });
    expect(result.finished).toBe(true);
    expect(rejects(file).map((r) => [r.line, r.reason])).toEqual([
      [2, expect.stringMatching(/^not valid JSON: /)],
      [5, 'userId or anonymousId is required'],
      [6, 'type must be track, identify, group, page, screen or alias'],
    ]);
    const rows = await stored();
    expect(rows.map((r) => [r.messageId, r.userKey, r.accountId, new Date(r.timestamp).toISOString()])).toEqual([
      ['seg-1', 'u1', 'acme', '2026-11-03T10:00:00.000Z'],
      ['seg-2', 'u2', 'acme', '2026-11-03T11:00:00.000Z'],
    ]);
    expect(existsSync(checkpointPath(file))).toBe(false);
  });

  it('posthog: uuid becomes the messageId, $groups the account, $ properties stay behind', async () => {
    const file = write('posthog.ndjson', [
      { event: 'Report Exported', distinct_id: 'u1', timestamp: '2026-11-03 10:00:00.250000+00:00', uuid: '0192-a', properties: { $groups: { company: 'acme' }, format: 'pdf', $browser: 'Firefox' } },
      { event: 'Report Exported', timestamp: '2026-11-03T10:00:00Z', uuid: '0192-b', properties: {} },
      { event: '$pageview', distinct_id: 'u1', timestamp: 'yesterday-ish', uuid: '0192-c', properties: {} },
      [1, 2, 3],
    ]);
    const result = await importFile(store, 'demo', file, { format: 'posthog', now: () => NOW });
    expect(result.counts).toEqual({ read: 4, stored: 1, duplicates: 0, rejected: 3 });
    expect(rejects(file).map((r) => [r.line, r.reason])).toEqual([
      [2, 'distinct_id: required (a non-empty string or number)'],
      [3, 'timestamp is not a valid ISO-8601 time'],
      [4, 'line is not a JSON object'],
    ]);
    const [row] = await stored();
    expect(row).toMatchObject({ messageId: '0192-a', type: 'track', event: 'Report Exported', userKey: 'u1', accountId: 'acme', timestamp: Date.UTC(2026, 10, 3, 10, 0, 0, 250), properties: { format: 'pdf' } });
  });

  it('mixpanel: $insert_id becomes the messageId, time in seconds or ms; a line without $insert_id gets a stable id', async () => {
    const seconds = Date.UTC(2026, 10, 3, 9) / 1000;
    const lines = [
      { event: 'Report Exported', properties: { distinct_id: 'u1', time: seconds, $insert_id: 'mp-1', company_id: 'acme', format: 'csv', mp_lib: 'web' } },
      { event: 'Report Exported', properties: { distinct_id: 'u2', time: seconds * 1000 + 500 } },
      { event: 'Report Exported', properties: { time: seconds, $insert_id: 'mp-3' } },
      { event: 'Report Exported', properties: { distinct_id: 'u1', time: 'noon', $insert_id: 'mp-4' } },
      { properties: { distinct_id: 'u1', time: seconds } },
    ];
    const file = write('mixpanel.ndjson', lines);
    const first = await importFile(store, 'demo', file, { format: 'mixpanel', groupKey: 'company_id', now: () => NOW });
    expect(first.counts).toEqual({ read: 5, stored: 2, duplicates: 0, rejected: 3 });
    expect(rejects(file).map((r) => [r.line, r.reason])).toEqual([
      [3, 'properties.distinct_id: required (a non-empty string or number)'],
      [4, 'properties.time: must be seconds or milliseconds since 1970'],
      [5, 'event: required (a non-empty string)'],
    ]);
    const rows = await stored();
    expect(rows.map((r) => [r.messageId.startsWith('imp-') ? 'hash' : r.messageId, r.userKey, r.accountId, r.timestamp, r.properties])).toEqual([
      ['mp-1', 'u1', 'acme', seconds * 1000, { format: 'csv' }],
      ['hash', 'u2', null, seconds * 1000 + 500, null],
    ]);
    // Idempotent, the hashed id included: a second run stores nothing new.
    const second = await importFile(store, 'demo', file, { format: 'mixpanel', groupKey: 'company_id', now: () => NOW });
    expect(second.counts).toEqual({ read: 5, stored: 0, duplicates: 2, rejected: 3 });
    expect(await store.countEvents('demo')).toBe(2);
  });
});

describe('resuming and gzip', () => {
  const events = Array.from({ length: 10 }, (_, i) => ({ type: 'track', event: 'Report Exported', userId: `u${i % 3}`, messageId: `e-${i}`, timestamp: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString() }));
  const lines = [...events.slice(0, 4), 'oops', ...events.slice(4)]; // the bad line is line 5

  it('stops after `limit` lines, saves where, and a rerun goes on from there', async () => {
    const file = write('resume.ndjson', lines);
    // The first run holds the database alone (`--exclusive`): its resume point is saved all the same.
    const first = await importFile(store, 'demo', file, { format: 'uptake', limit: 6, batchLines: 4, exclusive: true });
    // Lines 1–6: 5 events and the bad line 5.
    expect(first).toMatchObject({ finished: false, resumedAfterLine: 0, counts: { read: 6, stored: 5, duplicates: 0, rejected: 1 } });
    expect(JSON.parse(readFileSync(checkpointPath(file), 'utf8'))).toMatchObject({ line: 6, format: 'uptake', project: 'demo' });
    const second = await importFile(store, 'demo', file, { format: 'uptake', batchLines: 4 });
    // Lines 7–11 are the last 5 events; the counts cover the whole file: 11 read, 10 stored, 1 rejected.
    expect(second).toMatchObject({ finished: true, resumedAfterLine: 6, counts: { read: 11, stored: 10, duplicates: 0, rejected: 1 } });
    expect(rejects(file).map((r) => r.line)).toEqual([5]); // the rejects file holds line 5 once
    expect(existsSync(checkpointPath(file))).toBe(false);
    expect(await store.countEvents('demo')).toBe(10);
  });

  it('reads a .gz file as it is, and resumes inside it', async () => {
    const file = join(dir, 'events.ndjson.gz');
    writeFileSync(file, gzipSync(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')));
    const first = await importFile(store, 'demo', file, { format: 'uptake', limit: 3, batchLines: 2 });
    expect(first.counts).toEqual({ read: 3, stored: 3, duplicates: 0, rejected: 0 });
    const second = await importFile(store, 'demo', file, { format: 'uptake' });
    // The last line has no newline: still read. 11 lines, 10 events.
    expect(second).toMatchObject({ finished: true, resumedAfterLine: 3, counts: { read: 11, stored: 10, duplicates: 0, rejected: 1 } });
    expect((await stored()).map((r) => r.messageId)).toEqual(events.map((e) => e.messageId));
  });

  it('starts from the top when the file changed since the saved point', async () => {
    const file = write('changed.ndjson', lines);
    await importFile(store, 'demo', file, { format: 'uptake', limit: 2 });
    write('changed.ndjson', [...lines, { ...events[0], messageId: 'e-new' }]);
    const rerun = await importFile(store, 'demo', file, { format: 'uptake' });
    // 12 lines read from the top: 2 duplicates (e-0, e-1), 9 new, 1 rejected.
    expect(rerun).toMatchObject({ resumedAfterLine: 0, counts: { read: 12, stored: 9, duplicates: 2, rejected: 1 } });
  });
});
