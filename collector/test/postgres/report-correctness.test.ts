// The report correctness tests of collector/test/reports run unchanged on PostgreSQL, with the same
// hand-computed expectations: the fixture over HTTP (every endpoint and CSV), GDPR delete, the report
// CLI (`--db postgres://…`), and every report against a recomputation from 120 000 raw events.
import { afterAll, describe, it } from 'vitest';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { useTestStore } from '../reports/report-server.js';
import { postgresAvailable, startPgServer, type PgServer } from './pg-server.js';

if (postgresAvailable()) {
  let server: Promise<PgServer> | null = null;
  // Each collector of these tests gets a database of its own on one throwaway server.
  useTestStore(async () => {
    server ??= startPgServer();
    const url = await (await server).createDatabase();
    return { store: await openPostgresStore(url), dbPath: url, dispose: async () => {} };
  });
  // Registered before the imported suites' hooks, so it runs after them.
  afterAll(async () => {
    if (server) await (await server).stop();
  });
  await import('../reports/fixture-reports.test.js');
  await import('../reports/gdpr-delete.test.js');
  await import('../reports/report-cli.test.js');
  await import('../reports/recomputation.test.js');
} else {
  describe.skip('report correctness on PostgreSQL (no PostgreSQL binaries)', () => it('needs PostgreSQL', () => {}));
}
