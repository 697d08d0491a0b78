// Writes seeded events through the store's bulk mode (storage/bulk-ingest.ts), the path `import` uses,
// in batches of a thousand: attribution, latest traits and every rollup are exactly what the same
// events sent through `POST /v1/batch` would produce.
import type { ProjectConfig } from '../config.js';
import type { NormalizedEvent, Store } from '../storage/store.js';
import { openBulkIngest, type BulkOptions } from '../storage/bulk-ingest.js';
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
/** Events per bulk write: small batches keep garbage collection small (see import-file.ts). */
const BATCH_SIZE = 1000;
/**
 * Batches handed to the bulk writer and not yet answered. A seeded day is generated in one piece (up
 * to ~28 000 events with 740 accounts): with two in flight (import's number, whose lines come batch
 * by batch) the writer idled while each day was generated and the threads took turns; with enough
 * for two such days, it stores one day while the next is generated.
 */
const IN_FLIGHT = 64;

/**
 * Generates the demo data for one project and stores it (`onStored`: events stored so far, after each
 * batch; `bulk`: how the store's bulk mode may hold the database, e.g. `exclusive` for a database
 * nothing else writes meanwhile).
 * @example const r = await seedStore(store, project, { accounts: 40, days: 90, seed: 1 }); r.eventsPerSecond
 */
export async function seedStore(store: Store, project: ProjectConfig, options: SeedOptions, onStored?: (events: number) => void, bulkOptions: BulkOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const plan = seedPlan(project, options);
  let events = 0;
  let accepted = 0;
  let duplicates = 0;
  let buffer: NormalizedEvent[] = [];
  const bulk = openBulkIngest(store, bulkOptions);
  const flush = async (batch: NormalizedEvent[]) => {
    const result = await bulk.write(project.id, batch);
    accepted += result.accepted;
    duplicates += result.duplicateIndexes.length;
    onStored?.(accepted + duplicates);
  };
  // Up to IN_FLIGHT batches in the bulk writer's hands while the next day is generated.
  const inflight: Promise<void>[] = [];
  const handOver = async (batch: NormalizedEvent[]) => {
    if (inflight.length >= IN_FLIGHT) await inflight.shift();
    const written = flush(batch);
    written.catch(() => {}); // awaited later: not an unhandled rejection meanwhile
    inflight.push(written);
  };
  try {
    for (const day of seedEventDays(project, plan, options.seed)) {
      events += day.length;
      buffer = buffer.length ? buffer.concat(day) : day;
      let start = 0;
      for (; buffer.length - start >= BATCH_SIZE; start += BATCH_SIZE) await handOver(buffer.slice(start, start + BATCH_SIZE));
      buffer = buffer.slice(start);
    }
    if (buffer.length) await handOver(buffer);
    while (inflight.length > 0) await inflight.shift();
    await bulk.flush();
  } finally {
    for (const pending of inflight) await pending.catch(() => {});
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
