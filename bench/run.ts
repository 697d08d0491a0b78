// `npm run bench`: runs the SPEC §8 benchmarks (ingest, reports, sdk), prints one table and writes
// bench/results.json. `--only` picks parts, `--quick` makes a short smoke run (see options.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { BenchRow } from './bench-row.js';
import { ROOT } from './collector-process.js';
import { formatTable } from './format-table.js';
import { cpuCount, settle } from './machine-load.js';
import { parseBenchArgs, USAGE, type Part } from './options.js';

type PartResult = { rows: BenchRow[]; details: Record<string, unknown> };
// Loaded on demand: `--only sdk` never loads autocannon or SQLite, `--only ingest` never loads Playwright.
const RUNNERS: Record<Part, () => Promise<(o: { quick: boolean; accounts: number | null }) => Promise<PartResult>>> = {
  ingest: async () => (await import('./ingest/ingest-bench.js')).benchIngest,
  reports: async () => (await import('./reports/reports-bench.js')).benchReports,
  scale: async () => (await import('./scale/scale-bench.js')).benchScale,
  sdk: async () => (await import('./sdk/sdk-bench.js')).benchSdk,
  postgres: async () => (await import('./scale/postgres-bench.js')).benchPostgres,
};

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(argv, resolve(ROOT, 'bench', 'results.json'));
  } catch (err) {
    console.error(`bench: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const started = new Date();
  const loadBefore = loadavg();
  const rows: BenchRow[] = [];
  const details: Record<string, unknown> = {};
  const failures: string[] = [];
  for (const [i, part] of options.parts.entries()) {
    if (i > 0 && !options.quick) await settle();
    const t0 = performance.now();
    console.error(`bench: ${part}${options.quick ? ' (quick)' : ''}…`);
    try {
      const result = await (await RUNNERS[part]())({ quick: options.quick, accounts: options.accounts });
      rows.push(...result.rows);
      details[part] = { ...result.details, seconds: Math.round((performance.now() - t0) / 100) / 10 };
    } catch (err) {
      // One broken part must not hide the others' figures.
      failures.push(`${part}: ${(err as Error).stack ?? err}`);
    }
  }
  const loadAfter = loadavg();
  const machine = `${cpuCount()} CPUs; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} at start, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} at end`;

  console.log(formatTable(rows));
  console.log(`\n${options.quick ? 'QUICK run (smoke test, not a measurement). ' : ''}${machine}`);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(
    options.out,
    `${JSON.stringify({ startedAt: started.toISOString(), quick: options.quick, parts: options.parts, machine: { cpus: cpuCount(), loadBefore, loadAfter }, rows, details, failures }, null, 2)}\n`,
  );
  console.log(`results written to ${options.out}`);
  for (const f of failures) console.error(`bench: ${f}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
