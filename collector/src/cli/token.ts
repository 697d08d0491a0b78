// `uptake-collector token create|list|revoke` (SPEC §16): named, scoped tokens for reports and admin,
// made on the server's own database (no HTTP, no secret key needed). A created token is printed once.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type Config, type ProjectConfig } from '../config.js';
import { UptakeError } from '../errors.js';
import { parseFlags, storagePaths } from './flags.js';
import { chooseProject } from './choose-project.js';
import { openStore } from '../storage/open-store.js';
import { isPostgresUrl } from '../storage/open-store.js';
import { createToken, describeToken, parseTokenRequest } from '../access/tokens.js';
import { recordAudit } from '../access/audit.js';
import { textTable } from '../reports/text-table.js';
import type { Store } from '../storage/store.js';

const HELP = `Usage: uptake-collector token <create|list|revoke> [options]

  token create --project demo --name "Alice (PM)" --scope reports:read [--account acme]
      prints a new token (ut_…) once: only its hash is stored
  token list [--project demo] [--format table|json]
      id, name, scope, account, created and last used of the active tokens
  token revoke ID
      ends the token at once (its next request gets 401)

Options:
  --config <file>   configuration file (env UPTAKE_CONFIG; default uptake.config.json)
  --db <path|url>   SQLite database file or postgres:// URL (env UPTAKE_DB; default ./data/uptake.db)
  --project <id>    project id (needed when the config has several projects)
  --name <text>     who or what the token is for
  --scope <scope>   reports:read (reports, CSV, dashboard) or admin (what the secret key can do)
  --account <id>    narrows a reports:read token to one account
  --format <f>      list: table (default) or json
  --help            show this help`;

const ACTIONS = ['create', 'list', 'revoke'] as const;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags('token', argv, {
    config: { type: 'string' }, db: { type: 'string' }, project: { type: 'string' }, name: { type: 'string' },
    scope: { type: 'string' }, account: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, true);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [action, ...rest] = positionals;
  if (!action || !(ACTIONS as readonly string[]).includes(action)) throw new UptakeError('invalid_flags', `expected create, list or revoke${action ? `, got "${action}"` : ''} (see "uptake-collector token --help")`);
  if (action === 'revoke' ? rest.length !== 1 : rest.length > 0) throw new UptakeError('invalid_flags', action === 'revoke' ? 'revoke needs one token id (see "token list")' : `unexpected argument "${rest[0]}"`);
  if (action === 'create' && values.name === undefined) throw new UptakeError('invalid_flags', '--name is needed (who or what the token is for)');
  if (action === 'create' && values.scope === undefined) throw new UptakeError('invalid_flags', '--scope is needed (reports:read or admin)');
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UptakeError('invalid_flags', `--format: "${format}" (expected table or json)`);

  const paths = storagePaths(values, process.env);
  const config = loadConfig(paths.config);
  const project = action === 'revoke' && values.project === undefined ? null : chooseProject(config, values.project);
  if (!isPostgresUrl(paths.db) && !existsSync(resolve(paths.db))) {
    throw new UptakeError('invalid_flags', `--db: no database at ${resolve(paths.db)} (run "uptake-collector serve" or "seed" first)`);
  }
  const store = await openStore(paths.db);
  try {
    if (action === 'create') return await create(store, project!, values);
    if (action === 'list') return await list(store, project!, format);
    return await revoke(store, project ? [project] : config.projects, rest[0]);
  } finally {
    await store.close();
  }
}

async function create(store: Store, project: ProjectConfig, values: { name?: string; scope?: string; account?: string }): Promise<number> {
  let created;
  try {
    created = await createToken(store, project, parseTokenRequest({ name: values.name, scope: values.scope, accountId: values.account ?? null }), Date.now());
  } catch (err) {
    if (err instanceof UptakeError && err.code === 'invalid_request') throw new UptakeError('invalid_flags', `--${err.message}`);
    throw err;
  }
  const { token, record } = created;
  await recordAudit(store, { project: project.id, actor: { type: 'cli' }, action: 'token.created', target: `token:${record.id} (${record.name}, ${record.scope}${record.accountId ? `, account ${record.accountId}` : ''})` });
  process.stdout.write(`${token}\n`);
  process.stderr.write(`Created ${record.id} "${record.name}" (${record.scope}${record.accountId ? `, account ${record.accountId}` : ''}) for project ${project.id}. Copy it now: it is not shown again.\n`);
  return 0;
}

async function list(store: Store, project: ProjectConfig, format: string): Promise<number> {
  const tokens = (await store.listAccessTokens(project.id)).map(describeToken);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ tokens }, null, 2)}\n`);
    return 0;
  }
  const header = ['id', 'name', 'scope', 'account', 'created', 'last used'];
  process.stdout.write(textTable(header, tokens.map((t) => [t.id, t.name, t.scope, t.accountId ?? '', t.createdAt, t.lastUsedAt ?? 'never'])));
  return 0;
}

async function revoke(store: Store, projects: readonly ProjectConfig[], id: string): Promise<number> {
  for (const project of projects) {
    if (await store.revokeAccessToken(project.id, id, Date.now())) {
      await recordAudit(store, { project: project.id, actor: { type: 'cli' }, action: 'token.revoked', target: `token:${id}` });
      process.stdout.write(`Revoked ${id} (project ${project.id}).\n`);
      return 0;
    }
  }
  throw new UptakeError('invalid_flags', `no active token "${id}"${projects.length === 1 ? ` in project ${projects[0].id}` : ''} (see "uptake-collector token list")`);
}
