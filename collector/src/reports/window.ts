// The report window of SPEC §6: `from` (inclusive) … `to` (exclusive), ISO dates in UTC; default
// `to` = tomorrow (so today is included), `from` = `to` − 30 days. Bad dates are a 400. Reports count
// whole UTC days: a timestamp is widened to the days that contain it.
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
/** Longest window accepted (a century): keeps weekly loops bounded. */
export const MAX_WINDOW_DAYS = 36_525;

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * Parses an ISO date (`2026-03-01`) or timestamp with a zone (`2026-03-01T12:30:00Z`) to a UTC day
 * number: a timestamp inside a day gives that day for `from` (`round: 'down'`) and the next day for
 * `to` (`'up'`), so the window of whole days always contains the instant.
 * @example parseDay('1970-01-02', 'from') // 1
 */
export function parseDay(text: string, name: string, round: 'down' | 'up' = 'down'): number {
  const m = DATE.exec(text.trim());
  const date = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  const ms = m?.[4] !== undefined ? Date.parse(text.trim()) : date;
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches that.
  const valid = m && !Number.isNaN(ms) && new Date(date).toISOString().slice(0, 10) === `${m[1]}-${m[2]}-${m[3]}`
    && (m[4] === undefined || (Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6] ?? 0) < 60));
  if (!valid) throw new UptakeError('invalid_request', `${name} must be an ISO date like 2026-03-01 (UTC) or a timestamp like 2026-03-01T12:00:00Z, got "${text}"`);
  return round === 'up' ? Math.ceil(ms / DAY_MS) : Math.floor(ms / DAY_MS);
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
  const toDay = query.to ? parseDay(query.to, 'to', 'up') : Math.floor(now / DAY_MS) + 1;
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
