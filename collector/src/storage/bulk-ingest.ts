// Bulk ingest (SPEC §14): how `import`, `seed` and the benchmark dataset store many events. A store
// that has a bulk mode (the SQLite store: bulk-writer-thread.ts) writes batches without syncing each
// one and updates its rollups once for many batches; any other store takes each batch through
// `ingest`, durable at once. Either way a caller may claim only what a `flush` has made durable.
import type { IngestResult, NormalizedEvent, Store } from './store.js';

export interface BulkIngest {
  /** Stores one batch (same result as `Store.ingest`); not yet durable. */
  write(project: string, events: NormalizedEvent[]): Promise<IngestResult>;
  /** Resolves once every batch written so far is committed and on disk. */
  flush(): Promise<void>;
  /** Flushes, then releases what the bulk mode holds (the store stays open). */
  close(): Promise<void>;
}

/** How a bulk mode may hold the database. */
export interface BulkOptions {
  /**
   * Nothing else writes the database meanwhile (the benchmark dataset, `import --exclusive`): the
   * SQLite store's transactions then hold the write lock up to 10 s instead of 1 s (100 000 events
   * either way), so the rows every active user and feature touch are rewritten several times less
   * often. Default false: a collector serving the same database waits about a second at most.
   */
  exclusive?: boolean;
  /**
   * With `exclusive`: events per transaction, whatever the time it takes (default: 100 000 or 10 s,
   * which keeps `import` within 300 MB RSS). The benchmark dataset takes 400 000: at 740 accounts the
   * rows of every active user are then rewritten every ~14 days of history instead of every ~3.5.
   */
  transactionEvents?: number;
}

/** A store with a bulk mode of its own. */
export interface BulkCapableStore extends Store {
  openBulk(options?: BulkOptions): BulkIngest | null;
}

const hasBulk = (store: Store): store is BulkCapableStore => typeof (store as Partial<BulkCapableStore>).openBulk === 'function';

/**
 * The store's bulk mode, or `store.ingest` batch by batch when it has none.
 * @example const bulk = openBulkIngest(store); await bulk.write('demo', events); await bulk.close();
 */
export function openBulkIngest(store: Store, options: BulkOptions = {}): BulkIngest {
  const own = hasBulk(store) ? store.openBulk(options) : null;
  if (own) return own;
  return {
    write: (project, events) => (events.length ? store.ingest(project, events) : Promise.resolve({ accepted: 0, duplicateIndexes: [] })),
    flush: async () => {},
    close: async () => {},
  };
}
