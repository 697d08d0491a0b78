// Every stored raw event of a project, for tests that recompute reports from the raw events. Not a
// `Store` method (no part of the collector reads every event): both stores answer it directly from
// their database, and this helper reaches it through any store.
import type { Store, StoredEventRow } from './store.js';

/** A store that can list its raw events (both `SqliteStore` and `PostgresStore`). */
export interface EventScanner {
  /** Every stored raw event of a project in stored-time order, with its attributed account. */
  scanEvents(project: string): AsyncIterable<StoredEventRow>;
}

/**
 * Every stored raw event of `project`, in stored-time order.
 * @example for await (const e of scanEvents(store, 'demo')) rows.push(e);
 */
export function scanEvents(store: Store, project: string): AsyncIterable<StoredEventRow> {
  const scanner = store as Store & Partial<EventScanner>;
  if (typeof scanner.scanEvents !== 'function') throw new Error(`the ${store.kind} store cannot list its raw events`);
  return scanner.scanEvents(project);
}
