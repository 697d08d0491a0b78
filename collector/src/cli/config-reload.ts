// Config without restarts (SPEC §13): `serve` re-reads its config file on SIGHUP and, with
// --watch-config, when the file changes. A valid file is swapped into the app context (new requests
// see it at once); an invalid one is refused with the bad field's path on stderr, and the running
// config stays.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { reloadConfig, type AppContext } from '../context.js';

/** What a reload listener hears (e.g. the audit log's "config reloaded"). */
export interface ConfigReloaded {
  config: Config;
  hash: string;
  previousHash: string;
  loadedAt: string;
  /** `SIGHUP` or `watch`. */
  trigger: 'SIGHUP' | 'watch';
}

const listeners = new WeakMap<AppContext, Array<(event: ConfigReloaded) => void>>();

/**
 * Registers a listener called after each applied reload of this context's config.
 * @example onConfigReloaded(ctx, (e) => audit.record('config reloaded', { hash: e.hash }))
 */
export function onConfigReloaded(ctx: AppContext, listener: (event: ConfigReloaded) => void): void {
  listeners.set(ctx, [...(listeners.get(ctx) ?? []), listener]);
}

/**
 * Reads and validates the file, then swaps it in; returns false (the running config stays) when it is
 * invalid, after writing the reason (with the bad field's path) to `warn`.
 * @example reloadConfigFile(ctx, 'uptake.config.json', 'SIGHUP')
 */
export function reloadConfigFile(ctx: AppContext, file: string, trigger: ConfigReloaded['trigger'], warn = (line: string) => process.stderr.write(`${line}\n`)): boolean {
  let config: Config;
  try {
    config = loadConfig(file);
  } catch (err) {
    warn(`uptake-collector: config not reloaded, the running config stays: ${(err as Error).message}`);
    return false;
  }
  const previousHash = ctx.configInfo.hash;
  reloadConfig(ctx, config);
  if (ctx.configInfo.hash === previousHash) return true;
  console.log(`uptake-collector: config reloaded (${trigger}), hash ${ctx.configInfo.hash.slice(0, 12)}`);
  for (const listener of listeners.get(ctx) ?? []) {
    try {
      listener({ config, hash: ctx.configInfo.hash, previousHash, loadedAt: ctx.configInfo.loadedAt, trigger });
    } catch (err) {
      warn(`uptake-collector: a config reload listener failed: ${(err as Error).message}`);
    }
  }
  return true;
}

/**
 * Reloads on SIGHUP, and with `watchFile` when the file changes (its directory is watched, so an
 * editor's save-by-rename is seen too; bursts of change events are merged). Returns a stop function.
 * @example const stop = startConfigReload(ctx, options.config, { watchFile: true })
 */
export function startConfigReload(ctx: AppContext, file: string, options: { watchFile: boolean }): () => void {
  const onHangup = () => reloadConfigFile(ctx, file, 'SIGHUP');
  process.on('SIGHUP', onHangup);
  let watcher: FSWatcher | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (options.watchFile) {
    const name = basename(file);
    watcher = watch(dirname(resolve(file)), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      clearTimeout(timer);
      timer = setTimeout(() => reloadConfigFile(ctx, file, 'watch'), 100);
    });
  }
  return () => {
    process.off('SIGHUP', onHangup);
    clearTimeout(timer);
    watcher?.close();
  };
}
