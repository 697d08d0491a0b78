// Many windows in one pass: each window's answer equals the one-window functions', on hand-made and generated rows.
import { describe, expect, it } from 'vitest';
import { dayBitmap } from './day-bitmap.js';
import { createRng } from '../seed/prng.js';
import { activitySummaryIn } from './span-windows.js';
import { activitySummariesIn, type CountedWindow } from './window-counts.js';
import type { ActivityDaysRow } from './store.js';

// Weeks from day 100: [100, 107), [107, 114), [114, 121); each with the week before as its previous window.
const weeks: CountedWindow[] = [0, 1, 2].map((i) => ({ previousFromDay: 93 + 7 * i, fromDay: 100 + 7 * i, toDay: 107 + 7 * i }));

describe('window counts', () => {
  it('counts each week\'s distinct users and each account\'s users this week and the week before', () => {
    const rows: ActivityDaysRow[] = [
      { userKey: 'ann', accountId: 'acme', days: dayBitmap([95, 101, 108]) }, // weeks −1, 0, 1
      { userKey: 'ann', accountId: 'beta', days: dayBitmap([109]) }, // week 1: ann counted once overall
      { userKey: 'bob', accountId: 'acme', days: dayBitmap([116, 118]) }, // week 2
      { userKey: 'cat', accountId: null, days: dayBitmap([104, 120]) }, // weeks 0 and 2, no account
    ];
    const all = activitySummariesIn(rows, weeks);
    // Week 0 [100, 107): ann (acme), cat → 2 users; acme 1 now, 1 before (ann on 95).
    expect(all.at(0)).toEqual({ activeUsers: 2, accounts: [{ accountId: 'acme', activeUsers: 1, previousActiveUsers: 1 }] });
    // Week 1 [107, 114): ann (acme 108, beta 109) → 1 user; acme 1 now, 1 before; beta 1 now, 0 before.
    expect(all.at(1)).toEqual({
      activeUsers: 1,
      accounts: [{ accountId: 'acme', activeUsers: 1, previousActiveUsers: 1 }, { accountId: 'beta', activeUsers: 1, previousActiveUsers: 0 }],
    });
    // Week 2 [114, 121): bob (acme), cat → 2 users; acme 1 now (bob), 1 before (ann on 108); beta 0 now, 1 before.
    expect(all.at(2)).toEqual({
      activeUsers: 2,
      accounts: [{ accountId: 'acme', activeUsers: 1, previousActiveUsers: 1 }, { accountId: 'beta', activeUsers: 0, previousActiveUsers: 1 }],
    });
    // User-days: week 0 acme 1 (ann 101); week 1 acme 1 (ann 108), beta 1 (ann 109); week 2 acme 2 (bob 116, 118). cat has no account.
    expect([0, 1, 2].map((w) => all.userDaysAt(w))).toEqual([new Map([['acme', 1]]), new Map([['acme', 1], ['beta', 1]]), new Map([['acme', 2]])]);
  });

  it.each([
    ['days', 1],
    ['weeks', 7],
    ['uneven windows (months)', 0],
  ])('equals the one-window answers on generated rows (%s)', (_, width) => {
    const random = createRng(7 + width);
    // 40 users over 6 accounts and none, a few sharing two accounts; 1–60 days each over [1000, 1400).
    const activity: ActivityDaysRow[] = [];
    for (let u = 0; u < 40; u++) {
      const days = () => dayBitmap(Array.from({ length: random.int(1, 60) }, () => 1000 + random.int(0, 399)));
      activity.push({ userKey: `u${u}`, accountId: u % 7 === 6 ? null : `a${u % 7}`, days: days() });
      if (u % 5 === 0) activity.push({ userKey: `u${u}`, accountId: `a${(u + 1) % 6}`, days: days() });
    }
    // Contiguous windows over [1050, 1390): fixed width, or 28–31 days (months); previous windows of equal length.
    const windows: CountedWindow[] = [];
    for (let from = 1050; from < 1390;) {
      const to = from + (width || random.int(28, 31));
      windows.push({ previousFromDay: from - (to - from), fromDay: from, toDay: to });
      from = to;
    }
    const summaries = activitySummariesIn(activity, windows);
    let active = 0;
    windows.forEach((w, i) => {
      const label = `[${w.fromDay}, ${w.toDay})`;
      const expected = activitySummaryIn(activity, w.previousFromDay, w.fromDay, w.toDay);
      active += expected.activeUsers;
      expect(summaries.at(i), label).toEqual(expected);
      // User-days by hand: each of the account's rows' days in the window.
      const userDays = new Map<string, number>();
      for (const r of activity) {
        if (r.accountId === null) continue;
        for (let day = w.fromDay; day < w.toDay; day++) {
          const i = day - r.days.firstDay;
          if (i >= 0 && r.days.bits[i >> 3] & (1 << (i & 7))) userDays.set(r.accountId, (userDays.get(r.accountId) ?? 0) + 1);
        }
      }
      expect(summaries.userDaysAt(i), label).toEqual(userDays);
    });
    // Not every window is empty.
    expect(active).toBeGreaterThan(windows.length);
  });
});
