// `uptake-collector surveys explain|reach SURVEY_ID`: why a user is (not) shown a survey, and how many
// active users and accounts would be shown it now (SPEC §13). Reads an existing database only.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type Config, type ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import { openStore } from '../storage/open-store.js';
import { explainSurvey, surveyOf } from '../surveys/admin-routes.js';
import type { Explanation } from '../surveys/eligibility.js';
import { surveyReach, type SurveyReach } from '../surveys/reach.js';
import { parseFlags, storagePaths } from './flags.js';

const HELP = `Usage: uptake-collector surveys <explain|reach> SURVEY_ID [options]

  explain SURVEY_ID --user ID   every eligibility rule for that user, pass or fail, in words
  reach SURVEY_ID               active users and accounts (last 30 days) eligible now, and what each rule excludes

Options:
  --user <id>         explain: the userId (or an anonymousId)
  --account <id>      explain: the account (groupId) of the request (default: the user's last group)
  --url <url>         explain: the page URL (urlContains)
  --format <f>        table (default) or json
  --config <file>     configuration file (env UPTAKE_CONFIG; default uptake.config.json)
  --db <path|url>     SQLite database file or postgres:// URL (env UPTAKE_DB; default ./data/uptake.db)
  --project <id>      project id (needed when the config has several projects)
  --help              show this help`;

export interface SurveysOptions {
  action: 'explain' | 'reach';
  surveyId: string;
  user?: string;
  account?: string;
  url?: string;
  format: 'table' | 'json';
  config: string;
  db: string;
  project?: string;
}

/**
 * Parses the arguments; throws `invalid_flags` naming the problem.
 * @example parseSurveysArgs(['explain', 'nps-2026', '--user', 'u_1'], {}).user // 'u_1'
 */
export function parseSurveysArgs(argv: string[], env: NodeJS.ProcessEnv): SurveysOptions | 'help' {
  const { values, positionals } = parseFlags('surveys', argv, {
    config: { type: 'string' }, db: { type: 'string' }, project: { type: 'string' }, user: { type: 'string' },
    account: { type: 'string' }, url: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, true);
  if (values.help) return 'help';
  const [action, surveyId, ...extra] = positionals;
  if (action !== 'explain' && action !== 'reach') throw new UptakeError('invalid_flags', action ? `unknown action "${action}" (expected explain or reach)` : 'which action? expected explain or reach');
  if (!surveyId) throw new UptakeError('invalid_flags', `${action} needs a SURVEY_ID`);
  if (extra.length) throw new UptakeError('invalid_flags', `unexpected argument "${extra[0]}"`);
  if (action === 'explain' && !values.user) throw new UptakeError('invalid_flags', 'explain needs --user ID');
  if (action === 'reach' && (values.user || values.account || values.url)) throw new UptakeError('invalid_flags', '--user, --account and --url apply to explain only');
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UptakeError('invalid_flags', `--format: "${format}" (expected table or json)`);
  return { action, surveyId, user: values.user, account: values.account, url: values.url, format, project: values.project, ...storagePaths(values, env) };
}

function chooseProject(config: Config, id: string | undefined): ProjectConfig {
  const project = id === undefined ? (config.projects.length === 1 ? config.projects[0] : undefined) : config.projects.find((p) => p.id === id);
  if (!project) throw new UptakeError('invalid_flags', id === undefined ? `--project is needed: the config has ${config.projects.map((p) => p.id).join(', ')}` : `--project: no project "${id}"`);
  return project;
}

/** The explanation as lines: one rule a line, ✓ or ✗, and the verdict last. */
export function explanationText(surveyId: string, e: Explanation): string {
  const width = Math.max(...e.rules.map((r) => r.rule.length));
  const lines = e.rules.map((r) => `${r.pass ? '✓' : '✗'} ${r.rule.padEnd(width)}  ${r.detail}`);
  return `${lines.join('\n')}\n${e.eligible ? 'eligible' : 'not eligible'} for ${surveyId}\n`;
}

/** The reach as lines: totals, then each rule's exclusions. */
export function reachText(r: SurveyReach): string {
  const width = Math.max(...r.rules.map((x) => x.rule.length));
  return [
    `${r.surveyId}: ${r.users.eligible} of ${r.users.active} active users and ${r.accounts.eligible} of ${r.accounts.active} active accounts eligible now (${r.from.slice(0, 10)} – ${r.to.slice(0, 10)}; trigger and URL aside)`,
    `${'rule'.padEnd(width)}  users excluded  accounts excluded`,
    ...r.rules.map((x) => `${x.rule.padEnd(width)}  ${String(x.excludedUsers).padStart(14)}  ${String(x.excludedAccounts).padStart(17)}`),
  ].join('\n') + '\n';
}

export async function run(argv: string[]): Promise<number> {
  const options = parseSurveysArgs(argv, process.env);
  if (options === 'help') {
    console.log(HELP);
    return 0;
  }
  const project = chooseProject(loadConfig(options.config), options.project);
  // An unknown survey is a flag error, found before the database is opened.
  if (!project.surveys.some((s) => s.id === options.surveyId)) throw new UptakeError('invalid_flags', `no survey "${options.surveyId}" in project ${project.id} (have ${project.surveys.map((s) => s.id).join(', ') || 'none'})`);
  if (!/^postgres(ql)?:\/\//i.test(options.db) && !existsSync(resolve(options.db))) {
    throw new UptakeError('invalid_flags', `--db: no database at ${resolve(options.db)} (run "uptake-collector serve" or "seed" first)`);
  }
  const store = await openStore(options.db);
  try {
    const now = Date.now();
    if (options.action === 'explain') {
      const request = { userId: options.user!, anonymousId: options.user!, groupId: options.account ?? null, url: options.url ?? null };
      const explanation = await explainSurvey(store, project, options.surveyId, request, now);
      process.stdout.write(options.format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : explanationText(options.surveyId, explanation));
    } else {
      const reach = await surveyReach(store, project, surveyOf(project, options.surveyId), now);
      process.stdout.write(options.format === 'json' ? `${JSON.stringify(reach, null, 2)}\n` : reachText(reach));
    }
    return 0;
  } finally {
    await store.close();
  }
}
