// The PostgreSQL store reads every account's (or a large segment's) feature adoption in two halves on
// two connections at once (pg-report-reads.ts): every pair must come back exactly once, with its names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { pgMiddleAccount } from '../../src/storage/postgres/pg-report-reads.js';
import { D0, makeEvent, P } from '../../src/storage/store-fixtures.js';
import type { FeatureAdoption } from '../../src/storage/store.js';
import { postgresAvailable, startPgServer, type PgServer } from './pg-server.js';

const available = postgresAvailable();
let server: PgServer;
let store: PostgresStore;

/** Accounts a00…a19, user u<i> in a<i>; every user exports a report, users of even accounts send an invoice too. */
const ids = Array.from({ length: 20 }, (_, i) => `a${String(i).padStart(2, '0')}`);
const namesOf = (i: number) => (i % 2 === 0 ? ['Invoice Sent', 'Report Exported'] : ['Report Exported']);
const sorted = (users: FeatureAdoption['users']) => [...users].sort((a, b) => (a.userKey < b.userKey ? -1 : 1));

describe.skipIf(!available)('PostgreSQL feature adoption in halves', () => {
  beforeAll(async () => {
    server = await startPgServer();
    store = await openPostgresStore(await server.createDatabase());
    await store.ingest(P, ids.flatMap((id, i) => [
      makeEvent({ at: i, type: 'group', event: null, userId: `u${i}`, groupId: id, traits: { name: id } }),
      makeEvent({ at: i, userId: `u${i}`, groupId: id, event: 'Report Exported' }),
      ...(i % 2 === 0 ? [makeEvent({ at: i, userId: `u${i}`, groupId: id, event: 'Invoice Sent' })] : []),
    ]));
    // A user of no account: in the lower half ('' sorts first).
    await store.ingest(P, [makeEvent({ at: 30, userId: 'anon', event: 'Report Exported' })]);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('cuts every account at the middle one and answers each pair once', async () => {
    // 20 accounts: 20 / 2 = 10 sort below the middle, a10.
    expect(await pgMiddleAccount((sql, params) => store['readRows'](sql, params), P)).toBe('a10');
    const { users } = await store.featureAdoption(P, D0, D0 + 1, undefined, []);
    expect(sorted(users)).toEqual([
      { userKey: 'anon', accountId: null, events: ['Report Exported'] },
      // u0…u19 in string order: u0, u1, u10…u19, u2…u9.
      ...ids.map((id, i) => ({ userKey: `u${i}`, accountId: id, events: namesOf(i) })).sort((a, b) => (a.userKey < b.userKey ? -1 : 1)),
    ]);
  });

  it('cuts a segment of 16 or more accounts in two lists, its pairs alone', async () => {
    // a01…a18: 18 accounts, halves of 9; a00, a19 and the user of no account left out.
    const segment = ids.slice(1, 19);
    const { users } = await store.featureAdoption(P, D0, D0 + 1, segment, []);
    expect(sorted(users)).toEqual(segment.map((id) => Number(id.slice(1))).map((i) => ({ userKey: `u${i}`, accountId: ids[i], events: namesOf(i) }))
      .sort((a, b) => (a.userKey < b.userKey ? -1 : 1)));
  });
});
