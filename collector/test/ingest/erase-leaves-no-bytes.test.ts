// SPEC §16 "Erase means gone": after DELETE /v1/admin/users/:userId answers, no byte of the user's
// ids, traits or comment remains in the SQLite database file or its WAL (nor in the shared-memory index).
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { WRITE_KEY, startTestCollector, track, type TestCollector } from './support.js';

let c: TestCollector;
afterEach(async () => {
  await c?.close();
});

const USER = 'zelda-erase-7731';
const ANON = 'anon-zelda-5512';
const TRACES = [USER, ANON, 'zelda.q@erase-test.example', 'Zelda Quintessa', '+1-555-0199-7731', 'Exports eat my xyzzy afternoons'];

/** Which of `needles` occur in any of the database's files (UTF-8 bytes). */
function tracesIn(dbPath: string, needles: string[]): string[] {
  const found: string[] = [];
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const n of needles) if (bytes.includes(Buffer.from(n, 'utf8'))) found.push(`${n} in ${file.slice(dbPath.length) || 'db'}`);
  }
  return found;
}

it('leaves no byte of an erased user in the database file or the WAL', async () => {
  c = await startTestCollector();
  const t = (i: number) => new Date(Date.now() - (50 - i) * 60_000).toISOString();
  const others = Array.from({ length: 300 }, (_, i) => track({ userId: `other-${i % 30}`, groupId: 'acme', timestamp: t(i % 40), properties: { n: i } }));
  const zelda = [
    track({ type: 'page', userId: undefined, anonymousId: ANON, name: 'Pricing', timestamp: t(1) }),
    track({ type: 'identify', anonymousId: ANON, userId: USER, traits: { email: 'zelda.q@erase-test.example', name: 'Zelda Quintessa', phone: '+1-555-0199-7731' }, timestamp: t(2) }),
    track({ type: 'group', userId: USER, groupId: 'acme', traits: { name: 'Acme', plan: 'pro' }, timestamp: t(3) }),
    ...Array.from({ length: 20 }, (_, i) => track({ userId: USER, event: 'Report Exported', properties: { by: USER }, timestamp: t(4 + i) })),
    track({ userId: USER, event: '$survey_answered', properties: { surveyId: 'nps', kind: 'nps', responseId: 'r-zelda', score: 3, comment: 'Exports eat my xyzzy afternoons' }, timestamp: t(30) }),
  ];
  // Zelda's events spread between the others', so her rows share pages with rows that stay.
  for (let i = 0; i < 10; i++) {
    const res = await c.post({ writeKey: WRITE_KEY, batch: [...others.slice(i * 30, i * 30 + 30), ...zelda.slice(i * 3, i * 3 + 3)] });
    expect(res.status).toBe(200);
  }
  expect(tracesIn(c.dbPath, TRACES).length).toBeGreaterThan(0);

  const res = await fetch(`${c.url}/v1/admin/users/${USER}`, { method: 'DELETE', headers: { authorization: 'Bearer sk_test_secret' } });
  // page + identify + group + 20 Report Exported + survey answer = 24 events
  expect(await res.json()).toEqual({ userId: USER, deleted: true, events: 24 });
  expect(tracesIn(c.dbPath, TRACES)).toEqual([]);

  // The others' data is still there and ingest goes on.
  expect(tracesIn(c.dbPath, ['other-7'])).not.toEqual([]);
  expect((await c.post({ writeKey: WRITE_KEY, batch: [track({ userId: 'after-erase' })] })).status).toBe(200);
});
