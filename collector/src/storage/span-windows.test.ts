// A window's activity and adoption derived from a span's day bitmaps, on hand-made rows.
import { describe, expect, it } from 'vitest';
import { dayBitmap } from './day-bitmap.js';
import { accountFeaturesIn, activeIn, activitySummaryIn, eventTotalsIn, featureAdoptionIn } from './span-windows.js';
import type { ActivityDaysRow, FeatureDaysRow, FeatureEventDayRow } from './store.js';

// Days are numbered from 100; the week [107, 114) follows the week [100, 107).
const activity: ActivityDaysRow[] = [
  { userKey: 'ann', accountId: 'acme', days: dayBitmap([101, 108]) }, // active both weeks
  { userKey: 'bob', accountId: 'acme', days: dayBitmap([102]) }, // first week only
  { userKey: 'ann', accountId: 'beta', days: dayBitmap([110]) }, // ann again, in another account
  { userKey: 'cat', accountId: null, days: dayBitmap([95, 120]) }, // no account; active around, not in, the weeks
  { userKey: 'dan', accountId: 'gone', days: dayBitmap([103]) }, // first week only
];

describe('span windows', () => {
  it('tests a window against a bitmap, its first and last days included', () => {
    const d = dayBitmap([95, 120]);
    expect([activeIn(d, 95, 96), activeIn(d, 96, 120), activeIn(d, 120, 121), activeIn(d, 90, 95)]).toEqual([true, false, true, false]);
  });

  it('counts distinct active users overall and per account, this week and the week before', () => {
    // Week [107, 114): ann (acme day 108, beta day 110) → 1 distinct user; acme 1 (ann), beta 1 (ann).
    // Week before [100, 107): acme 2 (ann, bob), gone 1 (dan); beta 0.
    expect(activitySummaryIn(activity, 100, 107, 114)).toEqual({
      activeUsers: 1,
      accounts: [
        { accountId: 'acme', activeUsers: 1, previousActiveUsers: 2 },
        { accountId: 'beta', activeUsers: 1, previousActiveUsers: 0 },
        { accountId: 'gone', activeUsers: 0, previousActiveUsers: 1 },
      ],
    });
    // [100, 121): ann, bob, cat (day 120), dan → 4 users; nothing before day 100 but cat's day 95 in [79, 100): not an account.
    expect(activitySummaryIn(activity, 79, 100, 121).activeUsers).toBe(4);
  });

  const features: FeatureDaysRow[] = [
    { userKey: 'ann', accountId: 'acme', event: 'Share', days: dayBitmap([101, 109]) },
    { userKey: 'ann', accountId: 'acme', event: 'Export', days: dayBitmap([108]) },
    { userKey: 'bob', accountId: 'acme', event: 'Export', days: dayBitmap([102, 111]) },
    { userKey: 'bob', accountId: 'acme', event: 'Import', days: dayBitmap([104]) },
    { userKey: 'cat', accountId: null, event: 'Export', days: dayBitmap([112]) },
  ];
  const eventDays: FeatureEventDayRow[] = [
    { day: 108, event: 'Export', count: 2, firstUsed: 108_000, lastUsed: 108_500 },
    { day: 111, event: 'Export', count: 1, firstUsed: 111_000, lastUsed: 111_000 },
    { day: 112, event: 'Export', count: 4, firstUsed: 112_000, lastUsed: 112_900 },
    { day: 109, event: 'Share', count: 1, firstUsed: 109_000, lastUsed: 109_000 },
    { day: 101, event: 'Share', count: 3, firstUsed: 101_000, lastUsed: 101_100 },
  ];

  it('lists each pair\'s names used in the window, sorted, pairs with the same names sharing one list', () => {
    // Week [107, 114): ann used Export (108) and Share (109); bob Export (111); cat Export (112). bob's Import was on 104.
    const adoption = featureAdoptionIn({ features, eventDays }, 107, 114);
    expect(adoption.users).toEqual([
      { userKey: 'ann', accountId: 'acme', events: ['Export', 'Share'] },
      { userKey: 'bob', accountId: 'acme', events: ['Export'] },
      { userKey: 'cat', accountId: null, events: ['Export'] },
    ]);
    expect(adoption.users[1].events).toBe(adoption.users[2].events);
    // Export: 2 + 1 + 4 = 7 events from 108_000 to 112_900; Share: day 109 only (day 101 is outside).
    expect(adoption.eventTotals).toEqual([
      { accountId: null, event: 'Export', count: 7, firstUsed: 108_000, lastUsed: 112_900 },
      { accountId: null, event: 'Share', count: 1, firstUsed: 109_000, lastUsed: 109_000 },
    ]);
    expect(adoption.accountTotals).toEqual([]);
  });

  it('gives each account the union of its users\' names in the window', () => {
    // [100, 107): ann Share (101); bob Export (102), Import (104) → acme: Export, Import, Share.
    expect(accountFeaturesIn({ features, eventDays }, 100, 107)).toEqual(new Map([['acme', ['Export', 'Import', 'Share']]]));
    // [110, 114): bob Export (111); cat has no account.
    expect(accountFeaturesIn({ features, eventDays }, 110, 114)).toEqual(new Map([['acme', ['Export']]]));
  });

  it('sums one account\'s use per name when asked for that account', () => {
    expect(eventTotalsIn(eventDays, 100, 110, 'acme')).toEqual([
      { accountId: 'acme', event: 'Export', count: 2, firstUsed: 108_000, lastUsed: 108_500 },
      { accountId: 'acme', event: 'Share', count: 4, firstUsed: 101_000, lastUsed: 109_000 },
    ]);
  });
});
