// A window's activity and adoption derived from a span's day bitmaps, on hand-made rows.
import { describe, expect, it } from 'vitest';
import { dayBitmap, unionDayBitmaps } from './day-bitmap.js';
import { createRng } from '../seed/prng.js';
import { accountFeaturesIn, accountFeaturesOf, activeIn, activitySummaryIn, eventTotalsIn, featureAdoptionIn } from './span-windows.js';
import type { AccountFeatureDaysRow, ActivityDaysRow, FeatureDaysRow, FeatureEventDayRow } from './store.js';

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

  it('gives each account its names in the window from one row per (account, name)', () => {
    // acme's users united per name: Share {101, 109} (ann), Export {102, 108, 111} (ann 108, bob 102 and 111), Import {104} (bob).
    const perAccount: AccountFeatureDaysRow[] = [
      { accountId: 'acme', event: 'Share', days: dayBitmap([101, 109]) },
      { accountId: 'acme', event: 'Export', days: dayBitmap([102, 108, 111]) },
      { accountId: 'acme', event: 'Import', days: dayBitmap([104]) },
      { accountId: 'beta', event: 'Import', days: dayBitmap([95, 130]) },
    ];
    // [100, 107): Share 101, Export 102, Import 104; beta's days 95 and 130 are outside.
    expect(accountFeaturesOf(perAccount, 100, 107)).toEqual(new Map([['acme', ['Export', 'Import', 'Share']]]));
    // [110, 114): Export 111 only (Share's 109 is before); the same answer as from the per-user rows above.
    expect(accountFeaturesOf(perAccount, 110, 114)).toEqual(new Map([['acme', ['Export']]]));
    expect(accountFeaturesOf(perAccount, 110, 114)).toEqual(accountFeaturesIn({ features, eventDays }, 110, 114));
    // [120, 131): beta's Import on 130; acme nothing.
    expect(accountFeaturesOf(perAccount, 120, 131)).toEqual(new Map([['beta', ['Import']]]));
    // Windows with the same names share one list.
    expect(accountFeaturesOf(perAccount, 111, 112).get('acme')).toBe(accountFeaturesOf(perAccount, 110, 114).get('acme'));
  });

  it.each([
    ['a few names', 6],
    ['more than 31 names', 40],
  ])('answers every window from per-account rows exactly as from the per-user rows they unite (%s)', (_, nameCount) => {
    const random = createRng(11 + nameCount);
    const names = Array.from({ length: nameCount }, (_, i) => `f${String(i).padStart(2, '0')}`);
    // 9 users over 4 accounts and none (user 8), 1–5 days each over [1000, 1120), for random names.
    const perUser: FeatureDaysRow[] = [];
    for (let u = 0; u < 9; u++) {
      for (const name of names) {
        if (random.int(0, 2) !== 0) continue;
        const first = 1000 + random.int(0, 100);
        const days = Array.from({ length: random.int(1, 5) }, () => first + random.int(0, 19));
        perUser.push({ userKey: `u${u}`, accountId: u === 8 ? null : `a${u % 4}`, event: name, days: dayBitmap(days) });
      }
    }
    // What the store keeps per (account, name): the union of its users' bitmaps.
    const parts = new Map<string, { accountId: string; event: string; parts: [Uint8Array, number][] }>();
    for (const r of perUser) {
      if (r.accountId === null) continue;
      const key = `${r.accountId}/${r.event}`;
      const held = parts.get(key) ?? parts.set(key, { accountId: r.accountId, event: r.event, parts: [] }).get(key)!;
      held.parts.push([r.days.bits, r.days.firstDay]);
    }
    const perAccount: AccountFeatureDaysRow[] = [...parts.values()].map((p) => ({ accountId: p.accountId, event: p.event, days: unionDayBitmaps(p.parts)! }));
    expect(perAccount.length).toBeLessThan(perUser.length);
    let nonEmpty = 0;
    for (let n = 0; n < 300; n++) {
      const from = 990 + random.int(0, 140);
      const to = from + random.int(1, 30);
      const expected = accountFeaturesIn({ features: perUser, eventDays: [] }, from, to);
      nonEmpty += expected.size;
      expect(accountFeaturesOf(perAccount, from, to), `[${from}, ${to})`).toEqual(expected);
    }
    // The windows are not all empty: most hold some account's names.
    expect(nonEmpty).toBeGreaterThan(300);
  });

  it('sums one account\'s use per name when asked for that account', () => {
    expect(eventTotalsIn(eventDays, 100, 110, 'acme')).toEqual([
      { accountId: 'acme', event: 'Export', count: 2, firstUsed: 108_000, lastUsed: 108_500 },
      { accountId: 'acme', event: 'Share', count: 4, firstUsed: 101_000, lastUsed: 109_000 },
    ]);
  });
});
