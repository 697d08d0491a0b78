// The large per-user reads: adoption (read whole since the names rollup, feature-user-names.ts) in
// (account, user) order for every account and as the union of a segment's accounts, and the answers,
// made in halves on both threads (split-reads.ts), in the order of one read on one connection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { D0, makeEvent, MIN } from '../store-fixtures.js';
import { DAY_MS } from '../store.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const ACCOUNTS = Array.from({ length: 20 }, (_, i) => `acct-${String(i).padStart(2, '0')}`);
let dir = '';
let store: SqliteStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uptake-split-'));
  store = openSqliteStore(join(dir, 'uptake.db'));
  // Account i: users u0 and u1; u0 uses Export on day i % 7, u1 uses Share on day 1 (minute i) and answers NPS score i % 11 then (below).
  await store.ingest('p', ACCOUNTS.flatMap((accountId, i) => [
    makeEvent({ at: (i % 7) * 24 * 60, userId: `${accountId}-u0`, groupId: accountId, event: 'Export' }),
    makeEvent({ at: 24 * 60 + i, userId: `${accountId}-u1`, groupId: accountId, event: 'Share' }),
    makeEvent({ at: 24 * 60 + i * 97, userId: `${accountId}-u1`, groupId: accountId, event: '$survey_answered', properties: { surveyId: 'nps', kind: 'nps', responseId: `r${i}`, score: i % 11 } }),
  ]));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const usersOf = (a: { users: { userKey: string; accountId: string | null; events: readonly string[] }[] }) => a.users.map((u) => [u.accountId, u.userKey, [...u.events]]);

describe('reads in halves', () => {
  it('answer every account\'s (user, account) pairs in account order, as one read would', async () => {
    const all = usersOf(await store.featureAdoption('p', D0, D0 + 7));
    // 20 accounts × 2 users, in account then user order.
    expect(all).toEqual(ACCOUNTS.flatMap((a) => [[a, `${a}-u0`, ['Export']], [a, `${a}-u1`, ['Share']]]));
  });

  it('answer a segment long enough to split as the union of its accounts\' reads', async () => {
    // 18 accounts listed out of order; acct-03 and acct-17 left out.
    const segment = ACCOUNTS.filter((a) => a !== 'acct-03' && a !== 'acct-17').reverse();
    const split = usersOf(await store.featureAdoption('p', D0, D0 + 7, segment));
    const one = (await Promise.all(segment.map((a) => store.featureAdoption('p', D0, D0 + 7, [a])))).flatMap(usersOf);
    const byKey = (rows: unknown[][]) => [...rows].sort((x, y) => String(x[1]).localeCompare(String(y[1])));
    expect(split.length).toBe(36);
    expect(byKey(split)).toEqual(byKey(one));
  });

  it('answer a window\'s answers in time order across the halves of time', async () => {
    // Answers at day 1 + i × 97 minutes (i = 0…19: up to day 2 06:43). A 3-day window splits at day 1 12:00 (i ≤ 7 before),
    // a 4-day one at day 2 00:00 (i ≤ 14 before): both halves hold answers.
    for (const days of [3, 4]) {
      const answers = await store.surveyAnswers('p', D0 * DAY_MS, (D0 + days) * DAY_MS);
      expect(answers.map((a) => [a.accountId, a.score, a.timestamp])).toEqual(ACCOUNTS.map((a, i) => [a, i % 11, (D0 + 1) * DAY_MS + i * 97 * MIN]));
    }
  });
});
