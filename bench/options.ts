// Flags of `npm run bench`: which parts to run, quick mode, and where to write results.json.
import { parseArgs } from 'node:util';

export const PARTS = ['ingest', 'reports', 'scale', 'sdk', 'postgres'] as const;
/** What runs without --only: PostgreSQL only with --store postgres. */
const DEFAULT_PARTS: Part[] = ['ingest', 'reports', 'scale', 'sdk'];
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  parts: Part[];
  /** Small dataset and short durations: proves the benchmark runs (bench.test.ts), measures nothing worth quoting. */
  quick: boolean;
  /** results.json path. */
  out: string;
  /** `--store postgres`: the PostgreSQL part (ingest 1 and 2 collectors, reports) instead of the default parts. */
  store: 'sqlite' | 'postgres';
  /** Accounts of the scale / postgres parts' dataset (~13 800 events per account over a year); null = the part's default. */
  accounts: number | null;
}

export const USAGE = `Usage: npm run bench -- [--only ingest|reports|scale|sdk|postgres]... [--quick] [--out bench/results.json]
                        [--store postgres] [--accounts N]

  --only <parts>  run only these parts (repeat the flag or give a comma list)
  --quick         small dataset and short durations (a smoke run, not a measurement)
  --out <file>    where to write the results as JSON (default bench/results.json)
  --store <s>     postgres: run the PostgreSQL part (ingest with 1 and 2 collectors against SQLite, reports)
  --accounts <n>  size of the reports, scale and postgres parts' dataset (~13 800 events per account; reports: 740 by default);
                  postgres reuses the reports part's dataset of that size cached in bench/data (--accounts 740:
                  the 10 M-event one, no import), else imports one`;

/**
 * Parses the bench flags; throws an Error with a one-line message on a bad flag.
 * @example parseBenchArgs(['--only', 'ingest,sdk', '--quick']) // { parts: ['ingest', 'sdk'], quick: true, … }
 */
export function parseBenchArgs(argv: string[], defaultOut = 'bench/results.json'): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      store: { type: 'string' },
      accounts: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const named = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const name of named) {
    if (!(PARTS as readonly string[]).includes(name)) throw new Error(`--only: unknown part "${name}" (use ${PARTS.join(', ')})`);
  }
  const store = values.store ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'postgres') throw new Error(`--store: unknown store "${store}" (use sqlite or postgres)`);
  let accounts: number | null = null;
  if (values.accounts !== undefined) {
    accounts = Number(values.accounts);
    if (!/^\d+$/.test(values.accounts) || accounts < 1) throw new Error(`--accounts: must be a whole number ≥ 1, got "${values.accounts}"`);
  }
  // Keep the table's order whatever order the flags came in.
  const parts = named.length > 0 ? PARTS.filter((p) => named.includes(p)) : store === 'postgres' ? (['postgres'] as Part[]) : [...DEFAULT_PARTS];
  return { parts, quick: values.quick ?? false, out: values.out ?? defaultOut, store, accounts };
}
