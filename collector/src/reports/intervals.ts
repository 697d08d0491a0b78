// SPEC §10 intervals: a window widened outward to whole UTC days, ISO weeks (from Monday) or
// calendar months, split into one window per interval.
import { UptakeError } from '../errors.js';
import { DAY_MS } from '../storage/store.js';
import type { Interval } from './report-query.js';
import { weekStartDay, windowOfDays, type ReportWindow } from './window.js';

/** Most points a trend or history answers. */
export const MAX_POINTS = 400;

/** Day number of the first day of the calendar month containing `day`. */
function monthStartDay(day: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
}

/** Day number of the first day of the month after the one starting at `day`. */
function nextMonthDay(day: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
}

/**
 * The intervals covering a window, widened outward to whole intervals; more than 400 is a 400.
 * @example splitWindow(windowOfDays(20_454, 20_470), 'week') // the ISO weeks from the Monday on or before 2026-01-01
 */
export function splitWindow(window: ReportWindow, interval: Interval): ReportWindow[] {
  const out: ReportWindow[] = [];
  let start = interval === 'day' ? window.fromDay : interval === 'week' ? weekStartDay(window.fromDay) : monthStartDay(window.fromDay);
  while (start < window.toDay) {
    const end = interval === 'day' ? start + 1 : interval === 'week' ? start + 7 : nextMonthDay(start);
    out.push(windowOfDays(start, end));
    if (out.length > MAX_POINTS) {
      throw new UptakeError('invalid_request', `interval: more than ${MAX_POINTS} ${interval}s in the window; choose a longer interval or a shorter window`);
    }
    start = end;
  }
  return out;
}

/** Intervals worked out at once: their store reads overlap, and each batch's objects die young before the next. */
const BATCH = 4;

/**
 * Maps the intervals of a trend or history `BATCH` at a time, in order.
 * @example const points = await mapIntervals(intervals, async (w) => pointOf(await load(w, needs)))
 */
export async function mapIntervals<T>(intervals: readonly ReportWindow[], fn: (w: ReportWindow) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < intervals.length; i += BATCH) out.push(...(await Promise.all(intervals.slice(i, i + BATCH).map(fn))));
  return out;
}
