// Test support: runs the report tests of collector/test/reports on PostgreSQL instead of SQLite.
import { afterAll } from 'vitest';
import { openPostgresStore } from '../../src/storage/postgres/postgres-store.js';
import { useTestStore } from '../reports/report-server.js';
import { startPgServer, type PgServer } from './pg-server.js';

/**
 * Gives each collector of the report tests a database of its own on one throwaway server, stopped
 * after all tests. Call it before importing the report suites: its afterAll then runs after theirs.
 */
export function usePostgresReportStores(): void {
  let server: Promise<PgServer> | null = null;
  useTestStore(async () => {
    server ??= startPgServer();
    const url = await (await server).createDatabase();
    return { store: await openPostgresStore(url), dbPath: url, dispose: async () => {} };
  });
  afterAll(async () => {
    if (server) await (await server).stop();
  });
}
