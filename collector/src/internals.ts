// `@uptake/collector/internals`: parts the benchmark drives directly (the SQLite store without the
// HTTP layer, event normalization, the seed generator, worker start-up). No stability promise.
export { openSqliteStore, type SqliteStoreOptions } from './storage/sqlite/sqlite-store.js';
export { normalizeEvent, type NormalizeOptions, type NormalizeResult } from './ingest/normalize.js';
export { seedEventDays, seedPlan, type SeedOptions, type SeedPlan } from './seed/generate.js';
export { startWorker } from './start-worker.js';
