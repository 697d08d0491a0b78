// One line of the benchmark table: a measured figure, its unit and, when SPEC §8 sets one, its target.
// `pass` is decided here, once, from the target, so the table and results.json never disagree.

export interface Target {
  op: '>=' | '<=';
  value: number;
}

export interface BenchRow {
  /** Which part measured it: 'ingest' | 'reports' | 'sdk'. */
  part: string;
  name: string;
  value: number;
  unit: string;
  /** null: reported for context, no target. */
  target: Target | null;
  /** null when there is no target. */
  pass: boolean | null;
  /** One short remark shown under the table (how it was measured, why it missed). */
  note?: string;
}

/**
 * Builds a row and decides pass/fail against its target.
 * @example row('ingest', 'HTTP, batches of 50', 41_000, 'events/s', { op: '>=', value: 40_000 }).pass // true
 */
export function row(part: string, name: string, value: number, unit: string, target: Target | null = null, note?: string): BenchRow {
  const pass = target === null ? null : target.op === '>=' ? value >= target.value : value <= target.value;
  return { part, name, value, unit, target, pass, ...(note ? { note } : {}) };
}

export const atLeast = (value: number): Target => ({ op: '>=', value });
export const atMost = (value: number): Target => ({ op: '<=', value });
