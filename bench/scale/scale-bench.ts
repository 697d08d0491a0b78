// Scale benchmark (SPEC §14): bulk import rate into SQLite, the import's peak memory, and bytes per
// stored event on disk (database + WAL after a checkpoint, rollups and indexes included), on the seeded
// history imported by `uptake-collector import` (the built CLI, in a process of its own).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atLeast, atMost, row, type BenchRow } from '../bench-row.js';
import { benchProject } from '../bench-config.js';
import { sampleLoad } from '../machine-load.js';
import { round } from '../stats.js';
import { importedDataset } from './import-dataset.js';

/**
 * Default size: 60 accounts over a year (~730 000 events, a 330 MiB export; the full 10 M dataset has
 * 740): an import long enough that a thread's start and first, unoptimised seconds do not make the rate.
 */
export const SCALE_ACCOUNTS = 60;
export const SCALE_DAYS = 365;

/**
 * Runs the scale part at `accounts` accounts (quick: 2 accounts over 40 days).
 * @example const { rows } = await benchScale({ quick: true, accounts: null })
 */
export async function benchScale(options: { quick: boolean; accounts: number | null }): Promise<{ rows: BenchRow[]; details: Record<string, unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), 'uptake-bench-scale-'));
  const load = sampleLoad();
  try {
    const accounts = options.accounts ?? (options.quick ? 2 : SCALE_ACCOUNTS);
    const days = options.quick ? 40 : SCALE_DAYS;
    const ds = await importedDataset(dir, benchProject(), accounts, days, (l) => console.error(`bench: ${l}`));
    const machine = load.stop();
    const topObjects = Object.entries(ds.bytesByObject).slice(0, 8).map(([name, bytes]) => `${name} ${round(bytes / ds.events, 0)}`).join(', ');
    return {
      rows: [
        row('scale', 'import rate into SQLite', ds.events / ds.importSeconds, 'events/s', atLeast(100_000),
          `\`uptake-collector import\` (built CLI; parse and normalise on its main thread, the SQLite store's bulk writer beside it) of ${ds.events} seeded events (${accounts} accounts × ${days} days), as its summary reports it`),
        row('scale', 'import rate, process start to exit', ds.events / ds.processSeconds, 'events/s', null, "the same import with Node's start and the CLI's loading"),
        row('scale', 'import CPU per event', ds.importCpuMicrosPerEvent, 'µs', null, 'every thread of the import process: not stretched by other work on the machine'),
        row('scale', 'import peak RSS', ds.maxRssMb, 'MB', atMost(300), 'the import process (SPEC §14: memory stays flat)'),
        row('scale', 'bytes per event on disk', ds.bytes / ds.events, 'B', atMost(250), `database + WAL after a checkpoint, rollups and indexes included; largest (B/event): ${topObjects}`),
        row('scale', 'load average during import', machine.mean, 'load'),
      ],
      details: {
        events: ds.events,
        accounts,
        days,
        importSeconds: round(ds.importSeconds, 2),
        processSeconds: round(ds.processSeconds, 2),
        maxRssMb: round(ds.maxRssMb, 0),
        bytes: ds.bytes,
        bytesPerEventByObject: Object.fromEntries(Object.entries(ds.bytesByObject).map(([k, v]) => [k, round(v / ds.events, 1)])),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
