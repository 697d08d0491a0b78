import { describe, expect, it } from 'vitest';
import { latestDigestTime, localDayNumber } from './digest-schedule.js';

const H = 3_600_000;
const weekly = { every: 'week' as const, day: 'monday' as const, hour: 9, timeZone: 'Europe/Paris' };

describe('digest schedule', () => {
  it('finds the last Monday 9:00 in Paris (UTC+1 in winter, UTC+2 in summer)', () => {
    // Monday 2026-12-07 09:00 Paris = 08:00 UTC.
    expect(latestDigestTime(weekly, Date.UTC(2026, 11, 7, 8))).toBe(Date.UTC(2026, 11, 7, 8));
    // One ms before: the Monday before.
    expect(latestDigestTime(weekly, Date.UTC(2026, 11, 7, 8) - 1)).toBe(Date.UTC(2026, 10, 30, 8));
    // Wednesday 2026-07-15: Monday 2026-07-13 09:00 Paris = 07:00 UTC.
    expect(latestDigestTime(weekly, Date.UTC(2026, 6, 15, 12))).toBe(Date.UTC(2026, 6, 13, 7));
  });

  it('daily at 9 in New York across the spring DST change', () => {
    const daily = { ...weekly, every: 'day' as const, timeZone: 'America/New_York' };
    // 2026-03-08 is the change day (EST → EDT at 2:00): 9:00 EDT = 13:00 UTC; the day before 9:00 EST = 14:00 UTC.
    expect(latestDigestTime(daily, Date.UTC(2026, 2, 8, 13))).toBe(Date.UTC(2026, 2, 8, 13));
    expect(latestDigestTime(daily, Date.UTC(2026, 2, 8, 12))).toBe(Date.UTC(2026, 2, 7, 14));
  });

  it('gives the local date as a UTC day number', () => {
    // 2026-12-06 23:30 UTC is already 2026-12-07 in Paris.
    expect(localDayNumber(Date.UTC(2026, 11, 6, 23, 30), 'Europe/Paris')).toBe(Date.UTC(2026, 11, 7) / (24 * H));
  });
});
