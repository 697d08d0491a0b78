// Helpers that turn a report into its main table, for `?format=csv` and the CLI's table and CSV
// output; each report's definition says which table is its main one.
import type { CsvCell } from './csv.js';

export interface Table {
  header: string[];
  rows: CsvCell[][];
}

export const ACCOUNT_COLUMNS = [
  'accountId', 'name', 'plan', 'seats', 'mrr', 'activeUsers', 'seatUtilization', 'breadth', 'depth', 'stickiness', 'timeToValueHours',
  'nps', 'csat', 'responses', 'health', 'healthParts.breadth', 'healthParts.seatUtilization', 'healthParts.stickiness', 'healthParts.nps',
  'risks', 'lastSeen', 'sessions', 'sessionsPerUserPerWeek', 'avgSessionMinutes', 'referralRate',
] as const;

/** A cell from a dotted path (split at the dots); string lists are joined with ";". */
function cell(obj: unknown, path: readonly string[]): CsvCell {
  let v: unknown = obj;
  for (const part of path) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[part];
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null ? String((x as { key?: unknown }).key ?? '') : String(x))).join(';');
  return v as CsvCell;
}

/** A table with the given columns (dotted paths) of each row. */
export function tableOf(header: readonly string[], rows: readonly unknown[]): Table {
  const paths = header.map((h) => h.split('.'));
  return { header: [...header], rows: rows.map((r) => paths.map((path) => cell(r, path))) };
}

/** Scalar fields of an object as (metric, value) rows, nested objects flattened with dots. */
export function metricRows(obj: Record<string, unknown>, prefix = ''): CsvCell[][] {
  const out: CsvCell[][] = [];
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...metricRows(v as Record<string, unknown>, `${name}.`));
    else out.push([name, cell(obj, [k])]);
  }
  return out;
}

/** A (metric, value) table of an object's scalar fields (the overview's main table). */
export function metricTable(report: object): Table {
  return { header: ['metric', 'value'], rows: metricRows(report as Record<string, unknown>) };
}
