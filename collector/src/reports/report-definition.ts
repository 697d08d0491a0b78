// What a report is: its name, the rollups it reads, how it is built from them and its main table
// (CSV, CLI). Each report file defines itself with `defineReport` beside its metric functions;
// `registry.ts` lists them; `run-report.ts` runs any of them the same way for HTTP and the CLI.
import type { ProjectConfig } from '../config.js';
import type { Store } from '../storage/store.js';
import type { ReportIndex } from './report-index.js';
import type { InputNeeds, SpanRows } from './report-inputs.js';
import type { ReportQuery, ReportQuerySchema } from './report-query.js';
import type { Table } from './report-tables.js';
import type { ReportWindow } from './window.js';

/** What `build` gets: the indexed inputs of the window, and the request. */
export interface ReportContext {
  store: Store;
  project: ProjectConfig;
  /** The window's inputs as `inputs` asked for (segment applied). */
  index: ReportIndex;
  window: ReportWindow;
  query: ReportQuery;
  /**
   * Loads and indexes another window (segment applied): trends, history and churn read several;
   * with `span` (from `readSpan`), the rows it holds are sliced instead of read again.
   */
  load(window: ReportWindow, needs: InputNeeds, accountId?: string, span?: SpanRows): Promise<ReportIndex>;
  /** Reads once the rows of a span of windows (in time order) that `load` then slices (segment applied). */
  readSpan(windows: readonly ReportWindow[], needs: InputNeeds, accountId?: string): Promise<SpanRows>;
}

export interface ReportDefinition<R> {
  name: string;
  /** Its HTTP path (GET), e.g. `/v1/reports/features`; `:accountId` names the account. */
  path: string;
  /** Its query parameters (validated, and described in `GET /openapi.json`); default `reportQuerySchema`. */
  query?: ReportQuerySchema;
  /** The rollups the report reads (the rest stay empty). */
  inputs: InputNeeds;
  /** Checks the request before anything is read; throws `invalid_request`. */
  validate?(query: ReportQuery): void;
  /** Reads only this account's per-account rows (the account page). */
  scope?(query: ReportQuery): string | undefined;
  build(ctx: ReportContext): R | Promise<R>;
  /** The main table: `?format=csv`, `--format csv|table`. */
  csv(report: R): Table;
  /** File name of the CSV download (default: the report's name). */
  csvName?: string;
}

/**
 * Declares a report (an identity function that keeps the report's type).
 * @example export const featuresDefinition = defineReport({ name: 'features', inputs: {...}, build: ({ index }) => featuresReport(index), csv: ... })
 */
export function defineReport<R>(definition: ReportDefinition<R>): ReportDefinition<R> {
  return definition;
}
