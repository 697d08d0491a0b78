// `uptake-collector digest --project demo [--send]` (SPEC §11): prints the digest the project's digest
// rule would send now; `--send` queues it to that rule's destinations and delivers it before exiting.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import { renderDigestText } from '../notifications/digest-render.js';
import { createNotifications } from '../notifications/service.js';
import { openStore } from '../storage/open-store.js';
import { parseFlags, storagePaths } from './flags.js';

const HELP = `Usage: uptake-collector digest --project <id> [options]

Prints the digest (last period against the one before) the project's digest rule would send now.

Options:
  --project <id>    project id (needed when the config has several projects)
  --config <file>   configuration file (env UPTAKE_CONFIG; default uptake.config.json)
  --db <path|url>   SQLite database file or postgres:// URL (env UPTAKE_DB; default ./data/uptake.db)
  --every day|week  the period (default: the project's digest rule, else week)
  --json            print the digest as JSON instead of text
  --send            send it to the digest rule's destinations now (waits for the outcome)
  --help            show this help`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseFlags('digest', argv, {
    project: { type: 'string' }, config: { type: 'string' }, db: { type: 'string' }, every: { type: 'string' },
    json: { type: 'boolean' }, send: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.every !== undefined && values.every !== 'day' && values.every !== 'week') throw new UptakeError('invalid_flags', `--every: "${values.every}" (expected day or week)`);
  const paths = storagePaths(values, process.env);
  const config = loadConfig(paths.config);
  const project = values.project ? config.projects.find((p) => p.id === values.project) : config.projects.length === 1 ? config.projects[0] : undefined;
  if (!project) throw new UptakeError('invalid_flags', values.project ? `--project: no project "${values.project}" in the config` : '--project is needed: the config has several projects');
  if (!/^postgres(ql)?:\/\//i.test(paths.db) && !existsSync(resolve(paths.db))) throw new UptakeError('invalid_flags', `--db: no database at ${paths.db}`);
  const store = await openStore(paths.db);
  const notifications = createNotifications({ config, store, now: Date.now });
  try {
    const { digest, rule } = await notifications.digest(project, values.every as 'day' | 'week' | undefined);
    console.log(values.json ? JSON.stringify(digest, null, 2) : renderDigestText(digest));
    if (!values.send) return 0;
    if (!rule) throw new UptakeError('invalid_flags', `--send: project "${project.id}" has no digest rule (notifications.rules with "on": "digest")`);
    const ids = await notifications.sendDigest(project, digest, rule.to);
    const outcomes = await Promise.all(ids.map((id) => notifications.worker.nextOutcome(id)));
    let failed = 0;
    outcomes.forEach((o, i) => {
      if (o.status !== 'delivered') failed++;
      console.error(`${rule.to[i]}: ${o.status}${o.status === 'delivered' ? '' : ` (${o.error}; it stays in the outbox and is retried by serve)`}`);
    });
    return failed > 0 ? 1 : 0;
  } finally {
    await notifications.stop();
    await store.close();
  }
}
