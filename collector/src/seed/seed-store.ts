// Writes seeded events through the store's bulk mode (storage/bulk-ingest.ts), the path `import` uses,
// in batches of a few thousand: attribution, latest traits and every rollup are exactly what the same
// events sent through `POST /v1/batch` would produce.
import type { ProjectConfig } from '../config.js';
import type { NormalizedEvent, Store } from '../storage/store.js';
import { openBulkIngest } from '../storage/bulk-ingest.js';
import { seedEventDays, seedPlan, type SeedOptions } from './generate.js';

export interface SeedResult {
  project: string;
  accounts: number;
  users: number;
  days: number;
  /** Events generated. */
  events: number;
  /** Newly stored (a second identical run stores none: message ids are deterministic). */
  accepted: number;
  duplicates: number;
  ms: number;
  eventsPerSecond: number;
}

export const DEFAULT_SEED_OPTIONS = { accounts: 40, days: 90, seed: 1 } as const;
const BATCH_SIZE = 5000;

/**
 * Generates the demo data for one project and stores it.
 * @example const r = await seedStore(store, project, { accounts: 40, days: 90, seed: 1 }); r.eventsPerSecond
 */
export async function seedStore(store: Store, project: ProjectConfig, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const plan = seedPlan(project, options);
  let events = 0;
  let accepted = 0;
  let duplicates = 0;
  let buffer: NormalizedEvent[] = [];
  const bulk = openBulkIngest(store);
  const flush = async (batch: NormalizedEvent[]) => {
    const result = await bulk.write(project.id, batch);
    accepted += result.accepted;
    duplicates += result.duplicateIndexes.length;
  };
  try {
    for (const day of seedEventDays(project, plan, options.seed)) {
      events += day.length;
      buffer = buffer.length ? buffer.concat(day) : day;
      while (buffer.length >= BATCH_SIZE) {
        await flush(buffer.slice(0, BATCH_SIZE));
        buffer = buffer.slice(BATCH_SIZE);
      }
    }
    if (buffer.length) await flush(buffer);
    await bulk.flush();
  } finally {
    await bulk.close().catch(() => {}); // after a failure: nothing more to make durable
  }
  const ms = performance.now() - started;
  return {
    project: project.id,
    accounts: plan.accounts.length,
    users: plan.accounts.reduce((n, a) => n + a.users.length, 0),
    days: options.days,
    events,
    accepted,
    duplicates,
    ms,
    eventsPerSecond: ms > 0 ? Math.round((events / ms) * 1000) : events,
  };
}
