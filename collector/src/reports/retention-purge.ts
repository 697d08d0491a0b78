// Retention (SPEC §7): deletes raw events older than each project's `retentionDays`, at start and
// then daily. Rollups are kept, so reports of old windows do not change; only the raw rows go.
import type { Config } from '../config.js';
import type { Store } from '../storage/store.js';
import { DAY_MS } from '../storage/store.js';

export interface PurgeResult {
  project: string;
  /** Raw events deleted. */
  events: number;
}

/**
 * Purges each project's raw events stored before now − retentionDays.
 * @example await purgeExpiredEvents(store, config, Date.now()) // [{ project: 'demo', events: 0 }]
 */
export async function purgeExpiredEvents(store: Store, config: Config, now: number): Promise<PurgeResult[]> {
  const results: PurgeResult[] = [];
  for (const project of config.projects) {
    const { events } = await store.purgeEvents(project.id, now - project.retentionDays * DAY_MS);
    results.push({ project: project.id, events });
  }
  return results;
}

export interface RetentionPurgeOptions {
  /** Time between purges (default one day). */
  intervalMs?: number;
  /** Where a purge that deleted something, or failed, is reported (default console). */
  log?: (line: string) => void;
}

/**
 * Runs the purge now and then every `intervalMs`; returns a function that stops it. The timer does
 * not keep the process alive, and a failed purge (e.g. a locked database) is logged and retried next time.
 * @example const stop = startRetentionPurge({ config, store, now: Date.now }); … stop();
 */
export function startRetentionPurge(ctx: { config: Config; store: Store; now: () => number }, options: RetentionPurgeOptions = {}): () => void {
  const log = options.log ?? ((line: string) => console.log(line));
  let running: Promise<void> | null = null;
  const purge = () => {
    running ??= purgeExpiredEvents(ctx.store, ctx.config, ctx.now())
      .then((results) => {
        for (const r of results) if (r.events > 0) log(`[uptake] retention: purged ${r.events} raw events of project ${r.project}`);
      })
      .catch((err: unknown) => log(`[uptake] retention purge failed, will retry: ${(err as Error).message}`))
      .finally(() => {
        running = null;
      });
  };
  purge();
  const timer = setInterval(purge, options.intervalMs ?? DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
