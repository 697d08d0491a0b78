// The SPEC §10 tests of collector/test/reports (segment filters, trends, history, churn and the
// segment property test) run unchanged on PostgreSQL.
import { afterAll, describe, it } from 'vitest';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { useTestStore } from '../reports/report-server.js';
import { postgresAvailable, startPgServer, type PgServer } from './pg-server.js';

if (postgresAvailable()) {
  let server: Promise<PgServer> | null = null;
  useTestStore(async () => {
    server ??= startPgServer();
    const url = await (await server).createDatabase();
    return { store: await openPostgresStore(url), dbPath: url, dispose: async () => {} };
  });
  // Registered before the imported suites' hooks, so it runs after them.
  afterAll(async () => {
    if (server) await (await server).stop();
  });
  await import('../reports/segments.test.js');
  await import('../reports/trends-churn.test.js');
  await import('../reports/segment-property.test.js');
} else {
  describe.skip('segment reports on PostgreSQL (no PostgreSQL binaries)', () => it('needs PostgreSQL', () => {}));
}
