// The report window the dashboard asks for: "last N days", as SPEC §6's `from` (inclusive) and
// `to` (exclusive) UTC dates, with `to` = tomorrow so that today is included.

export interface ReportWindow {
  days: number;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, exclusive. */
  to: string;
}

/** The choices of the window picker. */
export const WINDOW_CHOICES = [7, 30, 90] as const;

const DAY_MS = 86_400_000;

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The window of the last `days` days, today (UTC) included.
 * @example windowOfLastDays(7, Date.parse('2026-11-23T15:00:00Z')) // { days: 7, from: '2026-11-17', to: '2026-11-24' }
 */
export function windowOfLastDays(days: number, nowMs: number): ReportWindow {
  const tomorrow = (Math.floor(nowMs / DAY_MS) + 1) * DAY_MS;
  return { days, from: isoDay(tomorrow - days * DAY_MS), to: isoDay(tomorrow) };
}

/**
 * The query string of a window.
 * @example windowQuery({ days: 7, from: '2026-11-17', to: '2026-11-24' }) // "from=2026-11-17&to=2026-11-24"
 */
export function windowQuery(window: ReportWindow): string {
  return new URLSearchParams({ from: window.from, to: window.to }).toString();
}
