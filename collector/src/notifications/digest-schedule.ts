// When digests are due: `every` day or week (on `day`) at `hour` in `timeZone` (SPEC §11).
import type { DigestRule } from './config-schema.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Local calendar parts of `ms` in `timeZone`. */
function localParts(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'long',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    year: Number(get('year')), month: Number(get('month')), day: Number(get('day')),
    hour: Number(get('hour')), minute: Number(get('minute')), second: Number(get('second')),
    weekday: WEEKDAYS.indexOf(get('weekday').toLowerCase()),
  };
}

/** The UTC ms of a local wall-clock time in `timeZone` (the first such instant on a DST change). */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = localParts(guess, timeZone);
    const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - guess;
    guess = wall - offset;
  }
  return guess;
}

/**
 * The latest time ≤ `now` at which the rule's digest was due.
 * @example latestDigestTime({ every: 'week', day: 'monday', hour: 9, timeZone: 'Europe/Paris', ... }, Date.now())
 */
export function latestDigestTime(rule: Pick<DigestRule, 'every' | 'day' | 'hour' | 'timeZone'>, now: number): number {
  const local = localParts(now, rule.timeZone);
  const back = rule.every === 'day' ? 0 : (local.weekday - WEEKDAYS.indexOf(rule.day) + 7) % 7;
  // Calendar arithmetic on the local date (Date.UTC normalizes day underflow across months).
  const candidate = (daysBack: number) => {
    const d = new Date(Date.UTC(local.year, local.month - 1, local.day - daysBack));
    return zonedTime(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), rule.hour, rule.timeZone);
  };
  let due = candidate(back);
  if (due > now) due = candidate(back + (rule.every === 'day' ? 1 : 7));
  return due;
}

/** The UTC day number of the local date of `ms` in `timeZone`: the digest's period ends there (exclusive). */
export function localDayNumber(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day) / DAY_MS;
}

export { HOUR_MS };
