// `npm run bench -- --quick` as a test, so the benchmark cannot rot: it runs every part against the
// real collector, SQLite and Chromium and produces every row. Timing targets are NOT asserted here
// (a shared CI machine proves nothing about speed); that is what the full `npm run bench` is for.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchRow } from './bench-row.js';
import { ROOT } from './collector-process.js';
import { postgresAvailable } from '../collector/test/postgres/pg-server.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'uptake-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every row a run must produce, by part (names as printed after "part: "). */
const EXPECTED: Record<string, string[]> = {
  ingest: [
    'HTTP, batches of 50', 'HTTP, batches of 1', 'HTTP, batches of 500', 'raw better-sqlite3 insert, same rows',
    'HTTP (batches of 50) / raw insert', 'raw insert CPU per row', 'raw insert, WAL fsynced per commit', 'load average during ingest',
    'writer thread on a CPU, batches of 50', 'writer thread waiting for a core, batches of 50',
    'main thread on a CPU, batches of 50', 'main thread waiting for a core, batches of 50',
  ],
  reports: [
    'dataset events', 'dataset generation time', '10 M-event dataset build time at this rate', 'database size',
    ...['overview', 'accounts', 'accounts/:accountId', 'features', 'satisfaction', 'retention', 'accounts CSV'].flatMap((e) => [`${e} p50`, `${e} p95`]),
  ],
  scale: ['import rate into SQLite', 'import CPU per event', 'bytes per event on disk'],
  sdk: [
    'track() p50, each call timed', 'track() p95, each call timed', 'track() p95, batches of 10 ÷ 10',
    'uptake.js evaluation with init, p50', 'uptake.js evaluation without init, p50',
    'uptake.js gzip', 'uptake.js brotli', 'uptake-surveys.js gzip', 'uptake-surveys.js brotli',
    ...['uptake', 'posthog-js', 'amplitude', 'openpanel'].flatMap((s) => [`${s}: evaluation with init, p50`, `${s}: per track() incl. deferred work`, `${s}: longest task, 1 000-call burst`, `${s}: gzip`]),
    'uptake ÷ posthog-js: per track() incl. deferred work', 'uptake ÷ amplitude: per track() incl. deferred work', 'uptake ÷ openpanel: per track() incl. deferred work',
  ],
};

describe('npm run bench -- --quick', () => {
  it('runs every part and reports every row with a value, and pass/fail where there is a target', async () => {
    const out = join(dir, 'results.json');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], { cwd: ROOT, timeout: 170_000 }); // the sdk part measures four SDKs side by side
    const results = JSON.parse(readFileSync(out, 'utf8')) as { rows: BenchRow[]; failures: string[]; quick: boolean };

    expect(results.failures).toEqual([]);
    expect(results.quick).toBe(true);
    for (const [part, names] of Object.entries(EXPECTED)) {
      const got = results.rows.filter((r) => r.part === part).map((r) => r.name);
      expect(got, part).toEqual(expect.arrayContaining(names));
    }
    for (const r of results.rows) {
      expect(Number.isFinite(r.value), `${r.part}: ${r.name} = ${r.value}`).toBe(true);
      expect(r.pass === null, `${r.part}: ${r.name}`).toBe(r.target === null);
      // The printed table has the same row.
      expect(stdout).toContain(`${r.part}: ${r.name}`);
    }
    expect(results.rows.find((r) => r.name === 'dataset events')!.value).toBeGreaterThan(1000);
  }, 180_000);

  it.skipIf(!postgresAvailable())('runs --store postgres: ingest on both stores, every report on both, equal answers', async () => {
    const out = join(dir, 'results-pg.json');
    await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--store', 'postgres', '--quick', '--out', out], { cwd: ROOT, timeout: 170_000 });
    const results = JSON.parse(readFileSync(out, 'utf8')) as { rows: BenchRow[]; failures: string[] };
    expect(results.failures).toEqual([]);
    const names = results.rows.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining([
      'ingest SQLite, 1 collector', 'ingest PostgreSQL, 1 collector', 'ingest PostgreSQL, 2 collectors', 'PostgreSQL 1 collector / SQLite',
      ...['overview', 'accounts', 'accounts/:accountId', 'features', 'satisfaction', 'retention', 'accounts CSV', 'churn', 'overview plan=pro',
        'trends 52 weeks × 5 metrics', 'accounts/:accountId/history 52 weeks'].map((e) => `${e} p95 PostgreSQL`),
    ]));
    expect(results.rows.find((r) => r.name === 'reports differing between the stores')!.value).toBe(0);
  }, 180_000);

  it('refuses an unknown part with exit code 2 and a one-line reason', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--only', 'dashboard'], { cwd: ROOT }).catch((err: { code: number; stderr: string }) => err);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('--only: unknown part "dashboard"');
  });
});
