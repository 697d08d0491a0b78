// Sorting of the accounts table: numbers numerically, text alphabetically, lists by length;
// missing values (null, "—") always sort last, whichever the direction.

export type SortDirection = 'asc' | 'desc';

function sortable(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'string') {
    const time = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
    return Number.isNaN(time) ? value.toLocaleLowerCase() : time;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/**
 * Sorts rows by one field without mutating them; ties keep their order.
 * @example sortRows([{ n: 2 }, { n: null }, { n: 1 }], (r) => r.n, 'asc') // [{n:1},{n:2},{n:null}]
 */
export function sortRows<T>(rows: readonly T[], valueOf: (row: T) => unknown, direction: SortDirection): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: sortable(valueOf(row)) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) return a.index - b.index;
        return a.key === null ? 1 : -1;
      }
      let order: number;
      if (typeof a.key === 'number' && typeof b.key === 'number') order = a.key - b.key;
      else order = String(a.key).localeCompare(String(b.key));
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map((entry) => entry.row);
}
