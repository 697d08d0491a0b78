// Display formatting for the dashboard: report JSON keeps numbers unrounded; rounding happens here.
// A missing or null value is always shown as an em dash, never as 0.

/** What the dashboard shows for a missing or null metric. */
export const NONE = '—';

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * A count with thousands separators.
 * @example formatCount(12400) // "12,400"
 */
export function formatCount(value: unknown): string {
  return isNumber(value) ? Math.round(value).toLocaleString('en-US') : NONE;
}

/**
 * A 0…1 fraction as a percentage: one decimal under 10 %, whole numbers above.
 * @example formatPercent(0.4236) // "42%"
 */
export function formatPercent(value: unknown): string {
  if (!isNumber(value)) return NONE;
  const percent = value * 100;
  const digits = Math.abs(percent) < 10 && Math.round(percent * 10) % 10 !== 0 ? 1 : 0;
  return `${percent.toFixed(digits)}%`;
}

/**
 * An NPS (−100…100) as a signed whole number.
 * @example formatNps(23.4) // "+23"
 */
export function formatNps(value: unknown): string {
  if (!isNumber(value)) return NONE;
  const rounded = Math.round(value);
  if (rounded > 0) return `+${rounded}`;
  if (rounded < 0) return `−${Math.abs(rounded)}`;
  return '0';
}

/**
 * A 0…100 score (CSAT, health) as a whole number.
 * @example formatScore(87.5) // "88"
 */
export function formatScore(value: unknown): string {
  return isNumber(value) ? String(Math.round(value)) : NONE;
}

/**
 * A money amount in the currency of the `mrr` trait (Uptake does not know which one), grouped.
 * @example formatMoney(12400.5) // "12,401"
 */
export function formatMoney(value: unknown): string {
  if (!isNumber(value)) return NONE;
  const digits = Math.abs(value) < 100 && !Number.isInteger(value) ? 2 : 0;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * A plain number with up to `digits` decimals.
 * @example formatDecimal(2.345, 1) // "2.3"
 */
export function formatDecimal(value: unknown, digits = 1): string {
  if (!isNumber(value)) return NONE;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/**
 * A duration in hours, switched to days from two days on.
 * @example formatHours(50) // "2.1 d"
 */
export function formatHours(value: unknown): string {
  if (!isNumber(value)) return NONE;
  if (value >= 48) return `${formatDecimal(value / 24, 1)} d`;
  return `${formatDecimal(value, 1)} h`;
}

/**
 * A duration in minutes.
 * @example formatMinutes(12.34) // "12.3 min"
 */
export function formatMinutes(value: unknown): string {
  return isNumber(value) ? `${formatDecimal(value, 1)} min` : NONE;
}

function toDate(value: unknown): Date | null {
  if (typeof value !== 'string' && !isNumber(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A calendar day in UTC.
 * @example formatDay('2026-11-23T10:00:00.000Z') // "Nov 23, 2026"
 */
export function formatDay(value: unknown): string {
  const date = toDate(value);
  if (!date) return NONE;
  return date.toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });
}

/**
 * A short day label for chart axes and cohort rows, in UTC.
 * @example formatShortDay('2026-11-23') // "Nov 23"
 */
export function formatShortDay(value: unknown): string {
  const date = toDate(value);
  if (!date) return NONE;
  return date.toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
}

/**
 * A moment in UTC, to the minute.
 * @example formatDateTime('2026-11-23T10:05:00.000Z') // "Nov 23, 2026, 10:05 UTC"
 */
export function formatDateTime(value: unknown): string {
  const date = toDate(value);
  if (!date) return NONE;
  const day = formatDay(date.toISOString());
  const time = date.toISOString().slice(11, 16);
  return `${day}, ${time} UTC`;
}

/**
 * Any user-supplied value as display text (strings stay as they are, never parsed as markup).
 * @example formatText(null) // "—"
 */
export function formatText(value: unknown): string {
  if (value === null || value === undefined || value === '') return NONE;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * A count with its noun, singular for exactly one.
 * @example formatCountOf(1, 'response') // "1 response"
 */
export function formatCountOf(value: unknown, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}
