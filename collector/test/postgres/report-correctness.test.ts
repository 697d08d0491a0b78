// The report correctness tests of collector/test/reports run unchanged on PostgreSQL, with the same
// hand-computed expectations: the fixture over HTTP (every endpoint and CSV), GDPR delete, the report
// CLI (`--db postgres://…`), and every report against a recomputation from 120 000 raw events.
import { describe, it } from 'vitest';
import { postgresAvailable } from './pg-server.js';
import { usePostgresReportStores } from './use-postgres-reports.js';

if (postgresAvailable()) {
  // Each collector gets a database of its own on one throwaway server, stopped after the imported suites.
  usePostgresReportStores();
  await import('../reports/fixture-reports.test.js');
  await import('../reports/gdpr-delete.test.js');
  await import('../reports/report-cli.test.js');
  await import('../reports/recomputation.test.js');
} else {
  describe.skip('report correctness on PostgreSQL (no PostgreSQL binaries)', () => it('needs PostgreSQL', () => {}));
}
