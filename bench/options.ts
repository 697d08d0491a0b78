// Flags of `npm run bench`: which parts to run, quick mode, and where to write results.json.
import { parseArgs } from 'node:util';

export const PARTS = ['ingest', 'reports', 'sdk'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  parts: Part[];
  /** Small dataset and short durations: proves the benchmark runs (bench.test.ts), measures nothing worth quoting. */
  quick: boolean;
  /** results.json path. */
  out: string;
}

export const USAGE = `Usage: npm run bench -- [--only ingest|reports|sdk]... [--quick] [--out bench/results.json]

  --only <parts>  run only these parts (repeat the flag or give a comma list)
  --quick         small dataset and short durations (a smoke run, not a measurement)
  --out <file>    where to write the results as JSON (default bench/results.json)`;

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
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const named = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const name of named) {
    if (!(PARTS as readonly string[]).includes(name)) throw new Error(`--only: unknown part "${name}" (use ${PARTS.join(', ')})`);
  }
  // Keep the table's order whatever order the flags came in.
  const parts = named.length === 0 ? [...PARTS] : PARTS.filter((p) => named.includes(p));
  return { parts, quick: values.quick ?? false, out: values.out ?? defaultOut };
}
