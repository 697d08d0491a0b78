// CSV output of a report's main table (SPEC §6): RFC 4180 quoting, a header row always, and text
// cells a spreadsheet would run as a formula neutralised with a leading apostrophe.

export type CsvCell = string | number | boolean | null | undefined;

/** Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Rounds numbers for display: four decimals are plenty for rates, NPS and money. */
function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  return String(Math.round(n * 10_000) / 10_000);
}

/**
 * One CSV field: numbers rounded for display, text guarded against formula injection, quoted when
 * it holds a comma, quote, CR or LF. Numbers we compute (e.g. an NPS of −20) are never guarded:
 * only text, which may be user-supplied, can carry a formula.
 * @example csvCell('=1+1') // "'=1+1"
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Serialises a table; the header row is always written, even without rows. Lines end in CRLF.
 * @example toCsv(['a', 'b'], [[1, 'x,y']]) // 'a,b\r\n1,"x,y"\r\n'
 */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
