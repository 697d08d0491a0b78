// `uptake-collector report experiments [key]`: the experiment list, or one experiment's results, as a
// table, JSON or CSV (SPEC §12). Hooked into cli/report.ts with one line.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFlags, storagePaths } from '../cli/flags.js';
import { loadConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import { toCsv } from '../reports/csv.js';
import { textTable } from '../reports/text-table.js';
import { parseWindow } from '../reports/window.js';
import { openStore } from '../storage/open-store.js';
import { experimentList, experimentListTable, experimentReport, experimentTable } from './report.js';

export const HELP = `Usage: uptake-collector report experiments [key] [options]

Without a key: every experiment with its units per variant and sample ratio check.
With a key: per variant units, users and metrics, and differences from the first variant.

Options:
  --config <file>     configuration file (env UPTAKE_CONFIG; default uptake.config.json)
  --db <path|url>     SQLite database file or postgres:// URL (env UPTAKE_DB; default ./data/uptake.db)
  --to <date>         end of the window, exclusive (default: tomorrow)
  --format <f>        table (default), json or csv
  --project <id>      project id (needed when the config has several projects)
  --help              show this help`;

/**
 * Runs the command; returns the exit code. Bad flags throw `invalid_flags`.
 * @example await run(['new-export', '--format', 'json'])
 */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('report experiments', argv, {
    config: { type: 'string' }, db: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, project: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, true);
  if (values.help) return (console.log(HELP), 0);
  if (positionals.length > 1) throw new UptakeError('invalid_flags', `unexpected argument "${positionals[1]}"`);
  const format = values.format ?? 'table';
  if (!['table', 'json', 'csv'].includes(format)) throw new UptakeError('invalid_flags', `--format: "${format}" (expected table, json or csv)`);
  const paths = storagePaths(values, process.env);
  const config = loadConfig(paths.config);
  const project = values.project === undefined && config.projects.length === 1 ? config.projects[0] : config.projects.find((p) => p.id === values.project);
  if (!project) throw new UptakeError('invalid_flags', `--project: ${values.project === undefined ? 'needed' : `no project "${values.project}"`} (have ${config.projects.map((p) => p.id).join(', ')})`);
  const now = Date.now();
  try {
    parseWindow({ to: values.to }, now);
  } catch (err) {
    throw new UptakeError('invalid_flags', `--${(err as Error).message}`);
  }
  const key = positionals[0];
  if (key !== undefined && !project.experiments.some((e) => e.key === key)) throw new UptakeError('invalid_flags', `no experiment "${key}" in project ${project.id}`);
  if (!/^postgres(ql)?:\/\//i.test(paths.db) && !existsSync(resolve(paths.db))) throw new UptakeError('invalid_flags', `--db: no database at ${resolve(paths.db)}`);
  const store = await openStore(paths.db);
  try {
    const query = { to: values.to };
    const report = key === undefined ? await experimentList(store, project, query, now) : await experimentReport(store, project, key, query, now);
    if (format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const table = key === undefined ? experimentListTable(report as Awaited<ReturnType<typeof experimentList>>) : experimentTable(report as Awaited<ReturnType<typeof experimentReport>>);
      process.stdout.write(format === 'csv' ? toCsv(table.header, table.rows) : textTable(table.header, table.rows));
    }
    return 0;
  } finally {
    await store.close();
  }
}
