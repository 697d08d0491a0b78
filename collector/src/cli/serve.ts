// `uptake-collector serve`: validates flags and config (before touching the database), opens the
// store, listens, and on SIGTERM/SIGINT stops accepting, finishes in-flight batches, closes the store.
import { loadConfig } from '../config.js';
import { createContext } from '../context.js';
import { UptakeError } from '../errors.js';
import { parseFlags, storagePaths } from './flags.js';
import { startServer } from '../server.js';
import { openStore } from '../storage/open-store.js';
import { startRetentionPurge } from '../reports/retention-purge.js';
import { onConfigReloaded, startConfigReload } from './config-reload.js';
import { recordAudit } from '../access/audit.js';

const HELP = `Usage: uptake-collector serve [options]

Options:
  --config <file>   configuration file (env UPTAKE_CONFIG; default uptake.config.json)
  --db <path|url>   SQLite database file, created if missing, or a postgres:// URL
                    (env UPTAKE_DB; default ./data/uptake.db)
  --port <n>        TCP port, 0 picks a free one (env PORT; default 8787)
  --host <addr>     interface to listen on (default 127.0.0.1; 0.0.0.0 for all)
  --watch-config    re-read the config when its file changes (SIGHUP always re-reads it)
  --help            show this help`;

export interface ServeOptions {
  config: string;
  db: string;
  port: number;
  host: string;
  /** Re-read the config file when it changes. */
  watchConfig?: boolean;
}

/**
 * Parses serve's flags, with the environment as fallback. Throws `invalid_flags` on a bad flag.
 * @example parseServeArgs(['--port', '0'], {}).port // → 0
 */
export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv): ServeOptions | 'help' {
  const { values } = parseFlags('serve', argv, {
    config: { type: 'string' },
    db: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'watch-config': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const portText = values.port ?? env.PORT ?? '8787';
  const port = Number(portText);
  if (!/^\d+$/.test(portText.trim()) || port > 65535) throw new UptakeError('invalid_flags', `--port: "${portText}" is not a port number (0-65535)`);
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UptakeError('invalid_flags', '--host: empty');
  return {
    ...storagePaths(values, env),
    port,
    host,
    ...(values['watch-config'] ? { watchConfig: true } : {}),
  };
}

export async function run(argv: string[]): Promise<number> {
  const options = parseServeArgs(argv, process.env);
  if (options === 'help') {
    console.log(HELP);
    return 0;
  }
  // The config is validated before the database is created: a bad config writes nothing.
  const config = loadConfig(options.config);
  const store = await openStore(options.db);
  let server;
  const ctx = createContext(config, store);
  try {
    server = await startServer(ctx, { host: options.host, port: options.port });
  } catch (err) {
    await store.close();
    const code = (err as { code?: string }).code;
    throw new UptakeError('invalid_flags', `cannot listen on ${options.host}:${options.port}: ${code ?? (err as Error).message}`);
  }
  // Watching starts before the ready line: a change made right after it is seen.
  const stopReload = startConfigReload(ctx, options.config, { watchFile: !!options.watchConfig });
  // Every applied reload is an admin action (SPEC §16): one audit entry per project of the new file.
  onConfigReloaded(ctx, (e) => {
    for (const project of e.config.projects) {
      recordAudit(ctx.store, { project: project.id, actor: { type: 'cli' }, action: 'config.reloaded', target: `config:${e.hash} (${e.trigger})` })
        .catch((err) => console.error(`[uptake] audit entry for the config reload not recorded: ${(err as Error).message}`));
    }
  });
  console.log(`uptake-collector listening on ${server.url}`);
  // Retention (SPEC §7): purge raw events past retentionDays now and daily; rollups keep the history.
  // The context, not the config: a reloaded retentionDays applies to the next purge.
  const stopPurge = startRetentionPurge(ctx);
  // Notifications (SPEC §11): outbox delivery, account evaluation, digests.
  ctx.notifications.start();

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  stopPurge();
  stopReload();
  await server.close();
  await ctx.notifications.stop();
  await store.close();
  return 0;
}
