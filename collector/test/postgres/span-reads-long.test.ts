// The PostgreSQL span reads send each day set as base64 text (pg-span-reads.ts), which PostgreSQL
// breaks into lines of 76 characters: a set longer than 53 bytes must still come back whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayBitmap } from '../../src/storage/day-bitmap.js';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { D0, makeEvent, P } from '../../src/storage/store-fixtures.js';
import { DAY_MS } from '../../src/storage/store.js';
import { postgresAvailable, startPgServer, type PgServer } from './pg-server.js';

const available = postgresAvailable();
let server: PgServer;
let store: PostgresStore;

describe.skipIf(!available)('PostgreSQL span reads of long day sets', () => {
  beforeAll(async () => {
    server = await startPgServer();
    store = await openPostgresStore(await server.createDatabase());
    // u1 of acme active on days D0, D0 + 250 and D0 + 600, exporting a report each time.
    await store.ingest(P, [0, 250, 600].map((d) => makeEvent({ at: (d * DAY_MS) / 60_000, groupId: 'acme' })));
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('reads a set of 601 days (4 + 76 bytes, 108 base64 characters over two lines) whole', async () => {
    // The set's part in [D0, D0 + 601): 601 bits = 76 bytes, plus varbit_send's 4-byte length: 80 bytes → 108 characters.
    const want = dayBitmap([D0, D0 + 250, D0 + 600]);
    expect(await store.activityDays(P, D0, D0 + 601)).toEqual([{ userKey: 'u1', accountId: 'acme', days: want }]);
    expect(await store.featureDays(P, D0, D0 + 601)).toEqual([{ userKey: 'u1', accountId: 'acme', event: 'Report Exported', days: want }]);
    expect(await store.accountFeatureDays(P, D0, D0 + 601)).toEqual([{ accountId: 'acme', event: 'Report Exported', days: want }]);
    // A range that cuts the set: [D0 + 1, D0 + 600) holds D0 + 250 alone.
    expect(await store.activityDays(P, D0 + 1, D0 + 600)).toEqual([{ userKey: 'u1', accountId: 'acme', days: dayBitmap([D0 + 250]) }]);
  });
});
