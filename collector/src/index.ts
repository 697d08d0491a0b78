// Public API of `@uptake/collector` (the package's "." entry): build the HTTP app around a config and
// a store, run reports and seed demo data in-process. The demo app uses it; the CLI is built from it.
export { createApp } from './app.js';
export { createContext, type AppContext } from './context.js';
export { loadConfig, parseConfig, type Config, type ProjectConfig, type SurveyConfig, type FeatureConfig } from './config.js';
export { openStore, isPostgresUrl } from './storage/open-store.js';
export { DAY_MS, type Store, type NormalizedEvent } from './storage/store.js';
export { startServer, closeGracefully, type RunningServer } from './server.js';
export { runReport, REPORT_NAMES, type ReportName, type ReportQuery, type ReportByName } from './reports/run-report.js';
export { seedStore, DEFAULT_SEED_OPTIONS, type SeedResult } from './seed/seed-store.js';
export { UptakeError, type UptakeErrorCode } from './errors.js';
