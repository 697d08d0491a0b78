// `uptake-collector import FILE|- --format segment|posthog|mixpanel|uptake` (SPEC §14): bulk import of
// an NDJSON export with progress, a summary and a side file of rejected lines; rerun to resume.
import { existsSync } from 'node:fs';
import { UptakeError } from '../errors.js';
import { IMPORT_FORMATS, type ImportFormat } from '../import/formats.js';
import { importFile, type ImportResult } from '../import/import-file.js';
import { formatCount, progressReporter } from '../import/progress.js';
import { parseFlags, storagePaths } from './flags.js';
import { openProjectStore } from './choose-project.js';

const HELP = `Usage: uptake-collector import FILE|- --format segment|posthog|mixpanel|uptake [options]

Imports an NDJSON export (one event per line; FILE.gz and gzip on stdin are read as they are).
Events go through the same validation as POST /v1/batch; their ids become messageIds, so running the
same import twice stores nothing new. An interrupted import resumes where it stopped when rerun
(the resume point is kept in FILE.import-state.json). Rejected lines go to FILE.rejects.ndjson
with their line number and reason. The import commits about once a second; a collector serving the
same SQLite database meanwhile may answer a batch 503 (retry) while such a commit holds the lock.

Formats:
  segment    Segment HTTP API calls or warehouse/S3 export rows (message_id, user_id, … accepted)
  posthog    PostHog event exports: event, distinct_id, timestamp, uuid, properties ($groups = account)
  mixpanel   Mixpanel exports: event, properties.{distinct_id, time, $insert_id}
  uptake     wire events of POST /v1/batch, one per line

Options:
  --format <f>        the export's format (required)
  --config <file>     configuration file (env UPTAKE_CONFIG; default uptake.config.json)
  --db <path|url>     SQLite database file or postgres:// URL (env UPTAKE_DB; default ./data/uptake.db)
  --project <id>      project to import into (default: the first in the config)
  --group-key <name>  posthog: the group type in $groups that is the account (default: the first);
                      mixpanel: the property holding the account id (default: none)
  --limit <n>         stop after n lines (rerun to go on)
  --exclusive         no collector writes the database meanwhile: commit every 10 s instead of every
                      second (faster on big histories; a collector serving it would wait that long)
  --help              show this help`;

export interface ImportFlags {
  file: string;
  format: ImportFormat;
  config: string;
  db: string;
  project: string | null;
  groupKey: string | null;
  limit: number | null;
  exclusive: boolean;
}

/**
 * Parses `import` flags; throws `UptakeError('invalid_flags')` with one clear line.
 * @example parseImportFlags(['x.ndjson', '--format', 'posthog'], {}).format // 'posthog'
 */
export function parseImportFlags(argv: string[], env: NodeJS.ProcessEnv): ImportFlags | 'help' {
  const { values, positionals } = parseFlags(
    'import',
    argv,
    {
      format: { type: 'string' },
      config: { type: 'string' },
      db: { type: 'string' },
      project: { type: 'string' },
      'group-key': { type: 'string' },
      limit: { type: 'string' },
      exclusive: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UptakeError('invalid_flags', `FILE: expected one file (or - for stdin), got ${positionals.length} (see "uptake-collector import --help")`);
  const file = positionals[0];
  if (file !== '-' && !existsSync(file)) throw new UptakeError('invalid_flags', `FILE: no such file "${file}"`);
  const format = values.format;
  if (format === undefined) throw new UptakeError('invalid_flags', `--format: required (${IMPORT_FORMATS.join(', ')})`);
  if (!(IMPORT_FORMATS as readonly string[]).includes(format)) throw new UptakeError('invalid_flags', `--format must be one of ${IMPORT_FORMATS.join(', ')}, got "${format}"`);
  let limit: number | null = null;
  if (values.limit !== undefined) {
    if (!/^\d+$/.test(values.limit.trim()) || Number(values.limit) < 1) throw new UptakeError('invalid_flags', `--limit must be a whole number ≥ 1, got "${values.limit}"`);
    limit = Number(values.limit);
  }
  const groupKey = values['group-key'] ?? null;
  if (groupKey !== null && groupKey.trim() === '') throw new UptakeError('invalid_flags', '--group-key: empty');
  return { file, format: format as ImportFormat, ...storagePaths(values, env), project: values.project ?? null, groupKey, limit, exclusive: values.exclusive ?? false };
}

/** The closing summary: read / stored / duplicates / rejected, and how fast. */
export function describeImport(result: ImportResult): string {
  const { read, stored, duplicates, rejected } = result.counts;
  const rate = result.ms > 0 ? Math.round((read / result.ms) * 1000) : 0;
  const lines = [
    `${result.finished ? 'imported' : 'stopped (rerun to resume)'}: read ${formatCount(read)}, stored ${formatCount(stored)}, duplicates ${formatCount(duplicates)}, rejected ${formatCount(rejected)}`,
  ];
  if (result.resumedAfterLine > 0) lines.push(`resumed after line ${formatCount(result.resumedAfterLine)} (counts include the earlier run)`);
  lines.push(`${(result.ms / 1000).toFixed(1)} s${result.resumedAfterLine > 0 ? '' : `, ${formatCount(rate)} events/s`}`);
  if (result.rejectsFile) lines.push(`rejected lines with their reasons: ${result.rejectsFile}`);
  return lines.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const flags = parseImportFlags(argv, process.env);
  if (flags === 'help') {
    console.log(HELP);
    return 0;
  }
  const { project, store } = await openProjectStore(flags);
  const progress = progressReporter('import');
  try {
    const result = await importFile(store, project.id, flags.file, {
      format: flags.format,
      groupKey: flags.groupKey,
      limit: flags.limit,
      exclusive: flags.exclusive,
      onProgress: ({ counts, bytesRead, totalBytes }) =>
        progress.update(bytesRead, totalBytes, `read ${formatCount(counts.read)}, stored ${formatCount(counts.stored)}, duplicates ${formatCount(counts.duplicates)}, rejected ${formatCount(counts.rejected)}`),
    });
    progress.stop();
    console.log(describeImport(result));
  } finally {
    await store.close();
  }
  return 0;
}
