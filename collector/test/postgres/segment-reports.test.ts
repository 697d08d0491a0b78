// The SPEC §10 tests of collector/test/reports (segment filters, trends, history, churn and the
// segment property test) run unchanged on PostgreSQL.
import { describe, it } from 'vitest';
import { postgresAvailable } from './pg-server.js';
import { usePostgresReportStores } from './use-postgres-reports.js';

if (postgresAvailable()) {
  // Each collector gets a database of its own on one throwaway server, stopped after the imported suites.
  usePostgresReportStores();
  await import('../reports/segments.test.js');
  await import('../reports/trends-churn.test.js');
  await import('../reports/segment-property.test.js');
} else {
  describe.skip('segment reports on PostgreSQL (no PostgreSQL binaries)', () => it('needs PostgreSQL', () => {}));
}
