// The store conformance suite's span reads (activityDays, featureDays, accountFeatureDays, featureEventDays): what each
// answers (hand-computed), and that a window's activity and adoption derived from them
// (span-windows.ts, window-counts.ts) equal the store's windowed reads, for many windows of generated data.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DayBitmap } from './day-bitmap.js';
import { accountFeaturesIn, accountFeaturesOf, activitySummaryIn, eventTotalsIn, featureAdoptionIn } from './span-windows.js';
import type { AccountFeatureDaysRow, ActivitySummary, FeatureAdoption, FeatureDaysRow, NormalizedEvent, Store } from './store.js';
import { D0, makeEvent, P } from './store-fixtures.js';
import { activitySummariesIn } from './window-counts.js';

/** The days of a bitmap in [fromDay, toDay), relative to D0. */
function daysIn(d: DayBitmap, fromDay: number, toDay: number): number[] {
  const out: number[] = [];
  for (let day = Math.max(fromDay, d.firstDay); day < Math.min(toDay, d.lastDay + 1); day++) {
    const i = day - d.firstDay;
    if (d.bits[i >> 3] & (1 << (i & 7))) out.push(day - D0);
  }
  return out;
}

const byKey = (a: { accountId: string | null; userKey: string; event?: string }) => `${a.accountId ?? ''}/${a.userKey}/${a.event ?? ''}`;
const sorted = <T>(rows: readonly T[], key: (r: T) => string): T[] => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

function normalSummary(s: ActivitySummary): ActivitySummary {
  return { activeUsers: s.activeUsers, accounts: sorted(s.accounts, (a) => a.accountId) };
}

function normalAdoption(a: FeatureAdoption): unknown {
  return {
    users: sorted(a.users.map((u) => ({ ...u, events: [...u.events] })), byKey),
    eventTotals: sorted(a.eventTotals, (t) => t.event),
    accountTotals: sorted(a.accountTotals, (t) => t.event),
  };
}

/** Per (account, name): its days in [fromDay, toDay) relative to D0, sorted by account then name. */
function accountDaysIn(rows: readonly AccountFeatureDaysRow[], fromDay: number, toDay: number): [string, string, number[]][] {
  return sorted(rows, (r) => `${r.accountId}/${r.event}`).map((r) => [r.accountId, r.event, daysIn(r.days, fromDay, toDay)]);
}

/** The same, united from the per-user rows of the accounts (users without an account left out). */
function unionOfUsers(rows: readonly FeatureDaysRow[], fromDay: number, toDay: number): [string, string, number[]][] {
  const union = new Map<string, Set<number>>();
  for (const r of rows) {
    if (r.accountId === null) continue;
    const key = `${r.accountId}/${r.event}`;
    const days = union.get(key) ?? union.set(key, new Set()).get(key)!;
    for (const d of daysIn(r.days, fromDay, toDay)) days.add(d);
  }
  return sorted([...union].filter(([, days]) => days.size > 0), ([key]) => key).map(([key, days]) => {
    const [accountId, event] = key.split('/');
    return [accountId, event, [...days].sort((a, b) => a - b)];
  });
}

/** Small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 600 events over 40 days: 10 users in 4 accounts (u0 also in a1), 2 users never grouped; features, pages, survey and identify events. */
function generated(seed: number, names: readonly string[]): NormalizedEvent[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const events: NormalizedEvent[] = [];
  for (let i = 0; i < 600; i++) {
    const user = Math.floor(next() * 12);
    const groupId = user >= 10 ? null : user === 0 && next() < 0.3 ? 'a1' : `a${user % 4}`;
    const at = Math.floor(next() * 40 * 24 * 60);
    const kind = next();
    const shape: Partial<NormalizedEvent> = kind < 0.65
      ? { event: pick(names) }
      : kind < 0.8 ? { type: 'page', event: null }
        : kind < 0.92 ? { event: '$survey_shown', properties: { surveyId: 's1', kind: 'nps', responseId: `r${i}` } }
          : { type: 'identify', event: null };
    events.push(makeEvent({ at, userId: `u${user}`, groupId, ...shape }));
  }
  return events;
}

/**
 * Registers the span read tests on the store that `current` returns.
 * @example describeSpanReads(() => store)
 */
export function describeSpanReads(current: () => Store): void {
  describe('span reads', () => {
    let store: Store;
    beforeEach(() => {
      store = current();
    });

    it('reads the active days of each (user, account) pair and feature, and feature use per day', async () => {
      await store.ingest(P, [
        makeEvent({ at: 0, userId: 'a', groupId: 'acme', event: 'Export' }),
        makeEvent({ at: 5, userId: 'a', groupId: 'acme', event: 'Export' }),
        makeEvent({ at: 2 * 24 * 60, userId: 'a', groupId: 'acme', type: 'page', event: null }),
        makeEvent({ at: 9 * 24 * 60, userId: 'b', groupId: 'beta', event: 'Import' }),
        makeEvent({ at: 3 * 24 * 60, userId: 'solo', event: 'Export' }),
        // Not activity: a survey event and an identify call make no active day.
        makeEvent({ at: 4 * 24 * 60, userId: 'c', groupId: 'acme', event: '$survey_shown', properties: { surveyId: 's1', kind: 'nps', responseId: 'r' } }),
        makeEvent({ at: 4 * 24 * 60, userId: 'c', groupId: 'acme', type: 'identify', event: null }),
      ]);
      // Range [D0, D0 + 5): a (days 0 and 2) and solo (day 3); b is active on day 9 only.
      const activity = await store.activityDays(P, D0, D0 + 5);
      expect(sorted(activity, byKey).map((r) => [r.accountId, r.userKey, daysIn(r.days, D0, D0 + 5)])).toEqual([
        [null, 'solo', [3]],
        ['acme', 'a', [0, 2]],
      ]);
      expect((await store.activityDays(P, D0, D0 + 10, 'beta')).map((r) => [r.userKey, daysIn(r.days, D0, D0 + 10)])).toEqual([['b', [9]]]);
      const features = await store.featureDays(P, D0, D0 + 10);
      expect(sorted(features, byKey).map((r) => [r.accountId, r.userKey, r.event, daysIn(r.days, D0, D0 + 10)])).toEqual([
        [null, 'solo', 'Export', [3]],
        ['acme', 'a', 'Export', [0]],
        ['beta', 'b', 'Import', [9]],
      ]);
      expect((await store.featureDays(P, D0 + 1, D0 + 9)).map((r) => r.userKey)).toEqual(['solo']);
      // Export: 2 events of a on day 0 (minutes 0 and 5), 1 of solo on day 3.
      const MIN = 60_000, T = D0 * 86_400_000;
      expect(sorted(await store.featureEventDays(P, D0, D0 + 10), (r) => `${r.day}/${r.event}`)).toEqual([
        { day: D0, event: 'Export', count: 2, firstUsed: T, lastUsed: T + 5 * MIN },
        { day: D0 + 3, event: 'Export', count: 1, firstUsed: T + 3 * 24 * 60 * MIN, lastUsed: T + 3 * 24 * 60 * MIN },
        { day: D0 + 9, event: 'Import', count: 1, firstUsed: T + 9 * 24 * 60 * MIN, lastUsed: T + 9 * 24 * 60 * MIN },
      ]);
      expect(await store.featureEventDays(P, D0, D0 + 10, ['acme'])).toEqual([{ day: D0, event: 'Export', count: 2, firstUsed: T, lastUsed: T + 5 * MIN }]);
      // acme and beta: solo's Export on day 3 (no account) is left out.
      expect(sorted(await store.featureEventDays(P, D0, D0 + 10, ['acme', 'beta', 'nobody']), (r) => `${r.day}`)).toEqual([
        { day: D0, event: 'Export', count: 2, firstUsed: T, lastUsed: T + 5 * MIN },
        { day: D0 + 9, event: 'Import', count: 1, firstUsed: T + 9 * 24 * 60 * MIN, lastUsed: T + 9 * 24 * 60 * MIN },
      ]);
      expect(await store.featureEventDays(P, D0, D0 + 10, [])).toEqual([]);
      // A range with no feature use, over everyone: no rows.
      expect(await store.featureEventDays(P, D0 + 20, D0 + 30)).toEqual([]);
    });

    it('reads each account\'s days of use per feature name, its users\' days united, and corrects them after an erase', async () => {
      const DAY = 24 * 60;
      const batch1 = [
        makeEvent({ at: 9 * DAY, userId: 'b', groupId: 'acme', event: 'Export' }),
        makeEvent({ at: 12 * DAY, userId: 'b', groupId: 'acme', event: 'Share' }),
        makeEvent({ at: 1 * DAY, userId: 'c', groupId: 'beta', event: 'Import' }),
      ];
      // A later batch with earlier days: the stored rows grow backwards as well as forwards.
      const batch2 = [
        makeEvent({ at: 3 * DAY, userId: 'a', groupId: 'acme', event: 'Export' }),
        makeEvent({ at: 3 * DAY + 5, userId: 'b', groupId: 'acme', event: 'Export' }),
        makeEvent({ at: 0, userId: 'a', groupId: 'acme', event: 'Export' }),
        makeEvent({ at: 5 * DAY, userId: 'a', groupId: 'acme', event: 'Import' }),
        // No account: no row. A page and a survey event are not feature use.
        makeEvent({ at: 2 * DAY, userId: 'solo', event: 'Export' }),
        makeEvent({ at: 4 * DAY, userId: 'd', groupId: 'acme', type: 'page', event: null }),
        makeEvent({ at: 4 * DAY, userId: 'c', groupId: 'beta', event: '$survey_shown', properties: { surveyId: 's1', kind: 'nps', responseId: 'r' } }),
      ];
      await store.ingest(P, batch1);
      await store.ingest(P, batch2);
      // acme Export: a on days 0 and 3, b on days 3 and 9 → {0, 3, 9}; Import: a on 5; Share: b on 12. beta Import: c on 1.
      expect(accountDaysIn(await store.accountFeatureDays(P, D0, D0 + 14), D0, D0 + 14)).toEqual([
        ['acme', 'Export', [0, 3, 9]],
        ['acme', 'Import', [5]],
        ['acme', 'Share', [12]],
        ['beta', 'Import', [1]],
      ]);
      // [4, 9): only acme's Import (day 5); Export's days 0, 3 and 9 lie around the range, not in it.
      expect((await store.accountFeatureDays(P, D0 + 4, D0 + 9)).map((r) => [r.accountId, r.event])).toEqual([['acme', 'Import']]);
      expect(accountDaysIn(await store.accountFeatureDays(P, D0, D0 + 14, 'beta'), D0, D0 + 14)).toEqual([['beta', 'Import', [1]]]);
      expect(await store.accountFeatureDays(P, D0, D0 + 14, 'nobody')).toEqual([]);
      // A list of accounts (a segment): acme's [4, 9) row alone, as with acme by itself; an empty list has none.
      expect((await store.accountFeatureDays(P, D0 + 4, D0 + 9, ['acme', 'beta', 'nobody'])).map((r) => [r.accountId, r.event])).toEqual([['acme', 'Import']]);
      expect(accountDaysIn(await store.accountFeatureDays(P, D0, D0 + 14, ['beta']), D0, D0 + 14)).toEqual([['beta', 'Import', [1]]]);
      expect(await store.accountFeatureDays(P, D0, D0 + 14, [])).toEqual([]);
      expect(accountDaysIn(await store.accountFeatureDays(P, D0, D0 + 14), D0, D0 + 14)).toEqual(unionOfUsers(await store.featureDays(P, D0, D0 + 14), D0, D0 + 14));
      // The retention purge deletes raw events only: the rows stay as they were.
      const kept = accountDaysIn(await store.accountFeatureDays(P, D0, D0 + 14), D0, D0 + 14);
      expect((await store.purgeEvents(P, (D0 + 30) * 86_400_000)).events).toBe(batch1.length + batch2.length);
      expect(accountDaysIn(await store.accountFeatureDays(P, D0, D0 + 14), D0, D0 + 14)).toEqual(kept);

      // Erasing b (from the rollups: the raw events are gone): acme Export keeps a's days {0, 3} (day 3 was both users'), Share (b's alone) goes.
      await store.deleteUser(P, 'b');
      expect(accountDaysIn(await store.accountFeatureDays(P, D0, D0 + 14), D0, D0 + 14)).toEqual([
        ['acme', 'Export', [0, 3]],
        ['acme', 'Import', [5]],
        ['beta', 'Import', [1]],
      ]);
      // [4, 14): Export's last day is now 3: out of the range.
      expect((await store.accountFeatureDays(P, D0 + 4, D0 + 14)).map((r) => [r.accountId, r.event])).toEqual([['acme', 'Import']]);
      // Erasing a too leaves acme no feature use at all; new use starts a new row.
      await store.deleteUser(P, 'a');
      await store.ingest(P, [makeEvent({ at: 7 * DAY, userId: 'e', groupId: 'acme', event: 'Export' })]);
      expect(accountDaysIn(await store.accountFeatureDays(P, D0, D0 + 14), D0, D0 + 14)).toEqual([
        ['acme', 'Export', [7]],
        ['beta', 'Import', [1]],
      ]);
    });

    it('keeps each account\'s days the union of its users\' after batches out of order and erases, for generated data', async () => {
      const names = ['Export', 'Import', 'Share', 'Invite'];
      const events = generated(3, names);
      for (const part of [events.slice(400), events.slice(0, 200), events.slice(200, 400)]) await store.ingest(P, part);
      const check = async (label: string) => {
        for (const [from, to] of [[D0 - 5, D0 + 45], [D0 + 8, D0 + 31], [D0 + 20, D0 + 21]]) {
          const perAccount = await store.accountFeatureDays(P, from, to);
          expect(accountDaysIn(perAccount, from, to), `${label} [${from - D0}, ${to - D0})`).toEqual(unionOfUsers(await store.featureDays(P, from, to), from, to));
          expect(accountDaysIn(await store.accountFeatureDays(P, from, to, 'a1'), from, to), `${label} a1`).toEqual(unionOfUsers(await store.featureDays(P, from, to, 'a1'), from, to));
          // Two accounts' rows: the whole read's rows of those accounts.
          const ofTwo = (await store.accountFeatureDays(P, from, to)).filter((r) => r.accountId === 'a0' || r.accountId === 'a2');
          expect(accountDaysIn(await store.accountFeatureDays(P, from, to, ['a2', 'a0']), from, to), `${label} a0, a2`).toEqual(accountDaysIn(ofTwo, from, to));
        }
      };
      await check('ingested');
      // u1 is one of a1's users; u0 used a0 and a1.
      await store.deleteUser(P, 'u1');
      await store.deleteUser(P, 'u0');
      await check('after erasing u1 and u0');
    });

    it.each([
      ['a few feature names', ['Export', 'Import', 'Share', 'Invite', '$internal']],
      ['more than 31 feature names', Array.from({ length: 40 }, (_, i) => `f${i}`)],
    ])('derives every window\'s activity and adoption from one span read exactly as the windowed reads answer (%s)', async (_, names) => {
      const events = generated(7, names);
      // In three batches, out of time order: the rollups merge bitmaps that start earlier and later.
      for (const part of [events.slice(300), events.slice(0, 150), events.slice(150, 300)]) await store.ingest(P, part);
      // A span from before the data to past it, and one inside it (its bitmaps hold days outside it).
      for (const [spanFrom, spanTo] of [[D0 - 5, D0 + 45], [D0 + 8, D0 + 31]]) {
        const [activity, features, eventDays, accountFeatures] = await Promise.all([
          store.activityDays(P, spanFrom, spanTo), store.featureDays(P, spanFrom, spanTo), store.featureEventDays(P, spanFrom, spanTo), store.accountFeatureDays(P, spanFrom, spanTo),
        ]);
        const next = random(spanFrom);
        for (let n = 0; n < 25; n++) {
          const length = 1 + Math.floor(next() * 10);
          const prev = spanFrom + Math.floor(next() * (spanTo - spanFrom - 2 * length));
          const [from, to] = [prev + length, prev + 2 * length];
          const label = `[${from - D0}, ${to - D0}) after [${prev - D0}, ${from - D0})`;
          expect(normalSummary(activitySummaryIn(activity, prev, from, to)), label).toEqual(normalSummary(await store.activitySummary(P, prev, from, to)));
          const adoption = await store.featureAdoption(P, from, to);
          expect(normalAdoption(featureAdoptionIn({ features, eventDays }, from, to)), label).toEqual(normalAdoption(adoption));
          // Per account: the union of its users' names.
          const union = new Map<string, Set<string>>();
          for (const u of adoption.users) if (u.accountId !== null) for (const e of u.events) union.set(u.accountId, (union.get(u.accountId) ?? new Set()).add(e));
          const perAccount = accountFeaturesIn({ features, eventDays }, from, to);
          expect(sorted([...perAccount], ([id]) => id), label).toEqual(sorted([...union].map(([id, names]) => [id, [...names].sort()]), ([id]) => id as string));
          // The same from one row per (account, name).
          expect(sorted([...accountFeaturesOf(accountFeatures, from, to)], ([id]) => id), label).toEqual(sorted([...perAccount], ([id]) => id));
          const account = `a${n % 4}`;
          const [ofAccount, featuresOfAccount, eventDaysOfAccount] = await Promise.all([
            store.activityDays(P, spanFrom, spanTo, account), store.featureDays(P, spanFrom, spanTo, account), store.featureEventDays(P, spanFrom, spanTo, [account]),
          ]);
          expect(normalSummary(activitySummaryIn(ofAccount, prev, from, to)), `${account} ${label}`).toEqual(normalSummary(await store.activitySummary(P, prev, from, to, account)));
          // A segment of two accounts: per-name use summed from the listed accounts' days equals their windowed per-user use summed.
          const segment = [account, `a${(n + 1) % 4}`];
          const usage = (await store.featureUsage(P, from, to)).filter((u) => u.accountId !== null && segment.includes(u.accountId));
          const expected = new Map<string, { accountId: null; event: string; count: number; firstUsed: number; lastUsed: number }>();
          for (const u of usage) {
            const t = expected.get(u.event) ?? { accountId: null, event: u.event, count: 0, firstUsed: Infinity, lastUsed: -Infinity };
            expected.set(u.event, { ...t, count: t.count + u.count, firstUsed: Math.min(t.firstUsed, u.firstUsed), lastUsed: Math.max(t.lastUsed, u.lastUsed) });
          }
          expect(eventTotalsIn(await store.featureEventDays(P, spanFrom, spanTo, segment), from, to, null), `${segment} ${label}`).toEqual(sorted([...expected.values()], (t) => t.event));
          const derived = featureAdoptionIn({ features: featuresOfAccount, eventDays, account: { accountId: account, eventDays: eventDaysOfAccount } }, from, to);
          expect(normalAdoption(derived), `${account} ${label}`).toEqual(normalAdoption(await store.featureAdoption(P, from, to, account)));
        }
      }
    });

    it('derives a list of windows\' activity and user-days in one pass over a span read, as the windowed reads answer', async () => {
      const events = generated(5, ['Export', 'Share']);
      for (const part of [events.slice(250), events.slice(0, 250)]) await store.ingest(P, part);
      // Weeks, days, and uneven windows from before the data to past it, each after its previous window of equal length.
      const lists = [
        Array.from({ length: 7 }, (_, i) => [D0 - 3 + 7 * i, D0 + 4 + 7 * i]),
        Array.from({ length: 12 }, (_, i) => [D0 + 10 + i, D0 + 11 + i]),
        [[D0 - 2, D0 + 9], [D0 + 9, D0 + 12], [D0 + 12, D0 + 40]],
      ];
      for (const list of lists) {
        const windows = list.map(([fromDay, toDay]) => ({ previousFromDay: 2 * fromDay - toDay, fromDay, toDay }));
        const all = activitySummariesIn(await store.activityDays(P, windows[0].previousFromDay, list[list.length - 1][1]), windows);
        for (const [i, w] of windows.entries()) {
          const label = `[${w.fromDay - D0}, ${w.toDay - D0})`;
          expect(normalSummary(all.at(i)), label).toEqual(normalSummary(await store.activitySummary(P, w.previousFromDay, w.fromDay, w.toDay)));
          const totals = await store.accountDayTotals(P, w.fromDay, w.toDay);
          expect(sorted([...all.userDaysAt(i)], ([id]) => id), label).toEqual(sorted(totals.map((t) => [t.accountId, t.userDays] as [string, number]), ([id]) => id));
        }
      }
    });
  });
}
