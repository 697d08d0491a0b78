// The main table of each report, for `?format=csv` and the CLI's table and CSV output.
import type { CsvCell } from './csv.js';
import type { ReportByName, ReportName } from './run-report.js';

export interface Table {
  header: string[];
  rows: CsvCell[][];
}

const ACCOUNT_COLUMNS = [
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

function tableOf(header: readonly string[], rows: readonly unknown[]): Table {
  const paths = header.map((h) => h.split('.'));
  return { header: [...header], rows: rows.map((r) => paths.map((path) => cell(r, path))) };
}

/** Scalar fields of an object as (metric, value) rows, nested objects flattened with dots. */
function metricRows(obj: Record<string, unknown>, prefix = ''): CsvCell[][] {
  const out: CsvCell[][] = [];
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...metricRows(v as Record<string, unknown>, `${name}.`));
    else out.push([name, cell(obj, [k])]);
  }
  return out;
}

/**
 * The main table of a report: accounts → one row per account, features → per feature, account → its
 * features, satisfaction → by account, retention → one row per cohort, overview → (metric, value).
 * @example toCsv(...Object.values(reportTable('features', report)))
 */
export function reportTable<N extends ReportName>(name: N, report: ReportByName[N]): Table {
  switch (name) {
    case 'accounts': return tableOf(ACCOUNT_COLUMNS, (report as ReportByName['accounts']).accounts);
    case 'features': return tableOf(['key', 'name', 'core', 'accountsAdopted', 'accountAdoptionRate', 'usersUsed', 'userAdoptionRate', 'events'], (report as ReportByName['features']).features);
    case 'account': return tableOf(['key', 'name', 'core', 'users', 'adopted', 'firstUsed', 'lastUsed', 'events'], (report as ReportByName['account']).features);
    case 'satisfaction': return tableOf(
      ['accountId', 'name', 'plan', 'mrr', 'nps', 'npsResponses', 'csat', 'csatResponses', 'responses', 'responseRate'],
      (report as ReportByName['satisfaction']).byAccount,
    );
    case 'retention': {
      const cohorts = (report as ReportByName['retention']).cohorts;
      const weeks = Math.max(0, ...cohorts.map((c) => c.weeks.length));
      return {
        header: ['cohort', 'accounts', ...Array.from({ length: weeks }, (_, i) => `week${i}`)],
        rows: cohorts.map((c) => [c.cohort.slice(0, 10), c.accounts, ...Array.from({ length: weeks }, (_, i) => c.weeks[i]?.share ?? null)]),
      };
    }
    default: return { header: ['metric', 'value'], rows: metricRows(report as unknown as Record<string, unknown>) };
  }
}
