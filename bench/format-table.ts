// Renders the rows as the one plain-text table `npm run bench` prints.
import type { BenchRow } from './bench-row.js';

const number = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
};

/**
 * One row per measurement: name, value, unit, target, pass/fail; notes are numbered under the table.
 * @example formatTable([row('sdk', 'uptake.js gzip', 4100, 'B', atMost(5120))])
 */
export function formatTable(rows: readonly BenchRow[]): string {
  const notes: string[] = [];
  const cells = rows.map((r) => {
    let name = `${r.part}: ${r.name}`;
    if (r.note) {
      notes.push(r.note);
      name += ` [${notes.length}]`;
    }
    return [
      name,
      number(r.value),
      r.unit,
      r.target ? `${r.target.op === '>=' ? '≥' : '≤'} ${number(r.target.value)}` : '—',
      r.pass === null ? '—' : r.pass ? 'pass' : 'FAIL',
    ];
  });
  const header = ['benchmark', 'value', 'unit', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  if (notes.length) out.push('', ...notes.map((n, i) => `[${i + 1}] ${n}`));
  return out.join('\n');
}
