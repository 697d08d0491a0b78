// The report window of SPEC §6: `from` (inclusive) … `to` (exclusive), ISO dates in UTC; default
// `to` = tomorrow (so today is included), `from` = `to` − 30 days. Bad dates are a 400.
import { UptakeError } from '../errors.js';
import { DAY_MS } from '../storage/store.js';

/** A half-open window of whole UTC days. */
export interface ReportWindow {
  /** Start, ms (inclusive, a UTC midnight). */
  from: number;
  /** End, ms (exclusive, a UTC midnight). */
  to: number;
  fromDay: number;
  toDay: number;
  /** Window days = to − from in days. */
  days: number;
}

export const DEFAULT_WINDOW_DAYS = 30;
/** Longest window accepted (ten years): keeps weekly loops bounded. */
export const MAX_WINDOW_DAYS = 3660;

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00(?::00(?:\.000)?)?(?:Z|\+00:00))?$/;

/**
 * Parses an ISO date (`2026-03-01`, or that midnight as `2026-03-01T00:00:00Z`) to its UTC day number.
 * @example parseDay('1970-01-02', 'from') // 1
 */
export function parseDay(text: string, name: string): number {
  const m = DATE.exec(text.trim());
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches that.
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}`) {
    throw new UptakeError('invalid_request', `${name} must be an ISO date like 2026-03-01 (UTC), got "${text}"`);
  }
  return ms / DAY_MS;
}

/** Builds a window from day numbers. */
export function windowOfDays(fromDay: number, toDay: number): ReportWindow {
  return { from: fromDay * DAY_MS, to: toDay * DAY_MS, fromDay, toDay, days: toDay - fromDay };
}

/**
 * Resolves `from` / `to` query values (either may be absent) into a window.
 * @example parseWindow({ to: '2026-03-31' }, Date.now()) // 2026-03-01 … 2026-03-31
 */
export function parseWindow(query: { from?: string | null; to?: string | null }, now: number): ReportWindow {
  const toDay = query.to ? parseDay(query.to, 'to') : Math.floor(now / DAY_MS) + 1;
  const fromDay = query.from ? parseDay(query.from, 'from') : toDay - DEFAULT_WINDOW_DAYS;
  if (fromDay >= toDay) throw new UptakeError('invalid_request', `from (${isoDay(fromDay)}) must be before to (${isoDay(toDay)})`);
  if (toDay - fromDay > MAX_WINDOW_DAYS) throw new UptakeError('invalid_request', `the window may span at most ${MAX_WINDOW_DAYS} days`);
  return windowOfDays(fromDay, toDay);
}

/** The window of equal length just before `w` (churn, usage drop). */
export function previousWindow(w: ReportWindow): ReportWindow {
  return windowOfDays(w.fromDay - w.days, w.fromDay);
}

/** `YYYY-MM-DD` of a day number. */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Full ISO-8601 UTC timestamp, or null. */
export function isoTime(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

/** Day number of the Monday starting the ISO week that contains `day` (day 0, 1970-01-01, was a Thursday). */
export function weekStartDay(day: number): number {
  return day - (((day + 3) % 7) + 7) % 7;
}
