// Renders a report table as aligned plain text for the terminal (`uptake-collector report --format table`).
import type { CsvCell } from './csv.js';

/** Display form of a cell: numbers rounded to 2 decimals, null as "-", control characters made visible. */
function display(value: CsvCell): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  // A user-supplied name must not move the cursor or colour the terminal.
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/**
 * Pads every column to its widest cell; numbers right-aligned.
 * @example textTable(['a', 'n'], [['x', 1.234]]) // 'a  n\n-  ----\nx  1.23\n'
 */
export function textTable(header: string[], rows: CsvCell[][]): string {
  const cells = rows.map((row) => row.map(display));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => r[i] === null || r[i] === undefined || typeof r[i] === 'number'));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
