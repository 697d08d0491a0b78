// The store conformance suite's rollup reads (activity, feature adoption, first events, sessions,
// plan changes, survey events and response pairs), run by `describeStore` on every store.
// Expectations are hand-computed.
import { beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, type Store } from './store.js';
import { D0, makeEvent, MIN, P, sortAccounts, T0 } from './store-fixtures.js';

/**
 * Registers the rollup tests on the store that `current` returns (opened by the caller's beforeEach).
 * @example describeRollups(() => store)
 */
export function describeRollups(current: () => Store): void {
  describe('rollups', () => {
    let store: Store;
    beforeEach(() => {
      store = current();
    });
    it('counts activity per (user, account): active days, activity events, last seen', async () => {
      await store.ingest(P, [
        makeEvent({ at: 10, groupId: 'acme' }),
        makeEvent({ at: 20, type: 'page', event: null, groupId: 'acme' }),
        makeEvent({ at: 30, event: '$survey_shown', groupId: 'acme', properties: { surveyId: 's1', kind: 'nps', responseId: 'r' } }),
        makeEvent({ at: 40, type: 'identify', event: null, groupId: 'acme' }),
        makeEvent({ at: 24 * 60 + 5, groupId: 'acme' }),
        makeEvent({ at: 50, userId: 'solo' }),
      ]);
      const rows = await store.userActivity(P, D0, D0 + 2);
      expect(rows.sort((a, b) => a.userKey.localeCompare(b.userKey))).toEqual([
        { userKey: 'solo', accountId: null, activeDays: 1, events: 1, lastSeen: T0 + 50 * MIN },
        { userKey: 'u1', accountId: 'acme', activeDays: 2, events: 3, lastSeen: T0 + (24 * 60 + 5) * MIN },
      ]);
      expect(await store.userActivity(P, D0 + 1, D0 + 2)).toEqual([
        { userKey: 'u1', accountId: 'acme', activeDays: 1, events: 1, lastSeen: T0 + (24 * 60 + 5) * MIN },
      ]);
    });

    it('counts distinct active users per account and day', async () => {
      await store.ingest(P, [
        makeEvent({ at: 1, groupId: 'acme', userId: 'a' }),
        makeEvent({ at: 2, groupId: 'acme', userId: 'a' }),
        makeEvent({ at: 3, groupId: 'acme', userId: 'b' }),
        makeEvent({ at: 4, groupId: 'acme', userId: 'c', type: 'identify', event: null }),
        makeEvent({ at: 24 * 60, groupId: 'acme', userId: 'b' }),
      ]);
      await store.ingest(P, [makeEvent({ at: 5, groupId: 'acme', userId: 'a' }), makeEvent({ at: 6, groupId: 'acme', userId: 'd' })]);
      expect(await store.accountDays(P, D0, D0 + 7)).toEqual([
        { accountId: 'acme', day: D0, activeUsers: 3, lastSeen: T0 + 6 * MIN },
        { accountId: 'acme', day: D0 + 1, activeUsers: 1, lastSeen: T0 + 24 * 60 * MIN },
      ]);
    });

    it('counts feature use per (user, account, name) with first and last use, $ events excluded', async () => {
      await store.ingest(P, [
        makeEvent({ at: 30, event: 'Export', groupId: 'acme' }),
        makeEvent({ at: 10, event: 'Export', groupId: 'acme' }),
        makeEvent({ at: 24 * 60 + 1, event: 'Export', groupId: 'acme' }),
        makeEvent({ at: 40, event: '$queue_dropped', groupId: 'acme' }),
        makeEvent({ at: 40, type: 'page', event: 'Home', groupId: 'acme' }),
        makeEvent({ at: 3 * 24 * 60, event: 'Export', groupId: 'acme' }),
      ]);
      expect(await store.featureUsage(P, D0, D0 + 2)).toEqual([
        { userKey: 'u1', accountId: 'acme', event: 'Export', count: 3, firstUsed: T0 + 10 * MIN, lastUsed: T0 + (24 * 60 + 1) * MIN },
      ]);
    });

    it('reads one account\'s activity, account-days and sessions when asked for that account', async () => {
      await store.ingest(P, [
        makeEvent({ at: 0, groupId: 'acme', userId: 'a', sessionId: 's1' }),
        makeEvent({ at: 5, groupId: 'acme', userId: 'a', sessionId: 's1' }),
        makeEvent({ at: 7, groupId: 'beta', userId: 'b', sessionId: 's2' }),
        makeEvent({ at: 24 * 60, groupId: 'acme', userId: 'c' }),
        makeEvent({ at: 9, userId: 'loner' }),
      ]);
      expect(await store.userActivity(P, D0, D0 + 2, 'acme')).toEqual(expect.arrayContaining([
        { userKey: 'a', accountId: 'acme', activeDays: 1, events: 2, lastSeen: T0 + 5 * MIN },
        { userKey: 'c', accountId: 'acme', activeDays: 1, events: 1, lastSeen: T0 + 24 * 60 * MIN },
      ]));
      expect(await store.userActivity(P, D0, D0 + 2, 'acme')).toHaveLength(2);
      expect(await store.userActivity(P, D0, D0 + 2)).toHaveLength(4);
      expect(await store.accountDays(P, D0, D0 + 2, 'beta')).toEqual([{ accountId: 'beta', day: D0, activeUsers: 1, lastSeen: T0 + 7 * MIN }]);
      expect(await store.sessionTotals(P, D0, D0 + 2, 'acme')).toEqual([{ accountId: 'acme', sessions: 2, totalMs: 5 * MIN }]);
      expect(await store.activitySummary(P, D0 - 2, D0, D0 + 2, 'acme')).toEqual({ activeUsers: 2, accounts: [{ accountId: 'acme', activeUsers: 2, previousActiveUsers: 0 }] });
      expect(await store.accountDayTotals(P, D0, D0 + 2, 'acme')).toEqual([{ accountId: 'acme', userDays: 2, lastSeen: T0 + 24 * 60 * MIN }]);
      const all = await store.activitySummary(P, D0 - 2, D0, D0 + 2);
      expect(all.activeUsers).toBe(4);
      expect(sortAccounts(all.accounts)).toEqual([
        { accountId: 'acme', activeUsers: 2, previousActiveUsers: 0 },
        { accountId: 'beta', activeUsers: 1, previousActiveUsers: 0 },
      ]);
      expect(sortAccounts(await store.accountDayTotals(P, D0, D0 + 2))).toEqual([
        { accountId: 'acme', userDays: 2, lastSeen: T0 + 24 * 60 * MIN },
        { accountId: 'beta', userDays: 1, lastSeen: T0 + 7 * MIN },
      ]);
      expect(await store.sessionTotals(P, D0, D0 + 2, 'nobody')).toEqual([]);
    });

    it('gives feature adoption per window: users who used each feature on some day of it, and per-account totals', async () => {
      const day = 24 * 60;
      // Out of order across batches: a later batch adds an earlier day to a pair already stored.
      await store.ingest(P, [
        makeEvent({ at: 10 * day + 5, event: 'Export', groupId: 'acme', userId: 'a' }),
        makeEvent({ at: 10 * day + 1, event: 'Export', groupId: 'acme', userId: 'a' }),
        makeEvent({ at: 20 * day, event: 'Share', groupId: 'beta', userId: 'b' }),
      ]);
      await store.ingest(P, [
        makeEvent({ at: 1 * day, event: 'Export', groupId: 'acme', userId: 'a' }),
        makeEvent({ at: 1 * day + 7, event: 'Export', groupId: 'acme', userId: 'c' }),
        makeEvent({ at: 2 * day, event: 'Share', userId: 'loner' }),
        makeEvent({ at: 2 * day, event: '$survey_shown', groupId: 'acme', userId: 'a', properties: { surveyId: 'x' } }),
      ]);
      const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
      // Days 2..9: a's Export on days 1 and 10 lies outside; only the loner's Share on day 2.
      const middle = await store.featureAdoption(P, D0 + 2, D0 + 10);
      expect(middle.users).toEqual([{ userKey: 'loner', accountId: null, events: ['Share'] }]);
      expect(middle.eventTotals).toEqual([{ accountId: null, event: 'Share', count: 1, firstUsed: T0 + 2 * day * MIN, lastUsed: T0 + 2 * day * MIN }]);
      expect(middle.accountTotals).toEqual([]);
      const all = await store.featureAdoption(P, D0, D0 + 30);
      expect(sorted(all.users)).toEqual(sorted([
        { userKey: 'a', accountId: 'acme', events: ['Export'] },
        { userKey: 'c', accountId: 'acme', events: ['Export'] },
        { userKey: 'b', accountId: 'beta', events: ['Share'] },
        { userKey: 'loner', accountId: null, events: ['Share'] },
      ]));
      // Per name over everyone, unattributed use included.
      expect(sorted(all.eventTotals)).toEqual(sorted([
        { accountId: null, event: 'Export', count: 4, firstUsed: T0 + day * MIN, lastUsed: T0 + (10 * day + 5) * MIN },
        { accountId: null, event: 'Share', count: 2, firstUsed: T0 + 2 * day * MIN, lastUsed: T0 + 20 * day * MIN },
      ]));
      // One account: its members and its use per name, and every name used in the window by anyone.
      const acme = await store.featureAdoption(P, D0 + 10, D0 + 21, 'acme');
      expect(acme.users).toEqual([{ userKey: 'a', accountId: 'acme', events: ['Export'] }]);
      expect(acme.accountTotals).toEqual([{ accountId: 'acme', event: 'Export', count: 2, firstUsed: T0 + (10 * day + 1) * MIN, lastUsed: T0 + (10 * day + 5) * MIN }]);
      expect(acme.eventTotals.map((t) => t.event).sort()).toEqual(['Export', 'Share']);
      expect(await store.featureAdoption(P, D0 + 11, D0 + 20, 'acme')).toEqual({ users: [], eventTotals: [], accountTotals: [] });
      // A pair that used several names: one row with each name once, sorted.
      await store.ingest(P, [
        makeEvent({ at: 25 * day, event: 'Share', groupId: 'acme', userId: 'c' }),
        makeEvent({ at: 26 * day, event: 'Archive', groupId: 'acme', userId: 'c' }),
        makeEvent({ at: 27 * day, event: 'Share', groupId: 'acme', userId: 'c' }),
      ]);
      const c = (await store.featureAdoption(P, D0, D0 + 30, 'acme')).users.find((u) => u.userKey === 'c');
      expect(c).toEqual({ userKey: 'c', accountId: 'acme', events: ['Archive', 'Export', 'Share'] });
    });

    it('lists each pair\'s names when a window holds many names (40 here)', async () => {
      // 'many' uses F00…F39; a uses F00, F30, F31 and F39 (names far apart in the window's list); b F05 only.
      const names = Array.from({ length: 40 }, (_, i) => `F${String(i).padStart(2, '0')}`);
      await store.ingest(P, [
        ...names.map((event, i) => makeEvent({ at: i, event, groupId: 'globex', userId: 'many' })),
        ...['F39', 'F31', 'F00', 'F30'].map((event, i) => makeEvent({ at: 60 + i, event, groupId: 'acme', userId: 'a' })),
        makeEvent({ at: 70, event: 'F05', groupId: 'acme', userId: 'b' }),
      ]);
      const { users } = await store.featureAdoption(P, D0, D0 + 1);
      expect([...users].sort((x, y) => (x.userKey < y.userKey ? -1 : 1))).toEqual([
        { userKey: 'a', accountId: 'acme', events: ['F00', 'F30', 'F31', 'F39'] },
        { userKey: 'b', accountId: 'acme', events: ['F05'] },
        { userKey: 'many', accountId: 'globex', events: names },
      ]);
    });

    it('gives a pair\'s names in windows before, around and after its later use, as later batches and an erase change it', async () => {
      const day = 24 * 60;
      const members = async (from: number, to: number, account?: string) =>
        (await store.featureAdoption(P, D0 + from, D0 + to, account, [])).users.map((u) => `${u.accountId ?? '-'}/${u.userKey}:${u.events.join('+')}`).sort();
      // a@acme: Export on days 1 and 10, Share on day 20; b@acme: Share on day 3; a without account: Export on day 12.
      await store.ingest(P, [
        makeEvent({ at: 1 * day, event: 'Export', groupId: 'acme', userId: 'a' }),
        makeEvent({ at: 10 * day, event: 'Export', groupId: 'acme', userId: 'a' }),
        makeEvent({ at: 20 * day, event: 'Share', groupId: 'acme', userId: 'a' }),
        makeEvent({ at: 3 * day, event: 'Share', groupId: 'acme', userId: 'b' }),
      ]);
      await store.ingest(P, [makeEvent({ at: 12 * day, event: 'Export', userId: 'a' })]);
      // Days 5–14: a@acme is active after the window (day 20), its Export of day 10 counts; a alone on day 12.
      expect(await members(5, 15)).toEqual(['-/a:Export', 'acme/a:Export']);
      // Days 15–29: every pair's last day is before the end; a@acme's Export (last day 10) is before the start.
      expect(await members(15, 30)).toEqual(['acme/a:Share']);
      // Days 11–19: a@acme used nothing (days 10 and 20 lie outside); b's Share of day 3 neither.
      expect(await members(11, 20)).toEqual(['-/a:Export']);
      expect(await members(0, 30, 'acme')).toEqual(['acme/a:Export+Share', 'acme/b:Share']);
      // A later batch moves a@acme's Export to day 25: days 21–29 hold it alone, days 15–29 both names.
      await store.ingest(P, [makeEvent({ at: 25 * day, event: 'Export', groupId: 'acme', userId: 'a' })]);
      expect(await members(21, 30)).toEqual(['acme/a:Export']);
      expect(await members(15, 30)).toEqual(['acme/a:Export+Share']);
      expect(await members(5, 15)).toEqual(['-/a:Export', 'acme/a:Export']);
      // Erasing a leaves b alone, in every window.
      await store.deleteUser(P, 'a');
      expect(await members(0, 30)).toEqual(['acme/b:Share']);
      expect(await members(0, 2)).toEqual([]);
    });

    it('gives the first time each account sent an event, over all its users, ever', async () => {
      await store.ingest(P, [
        makeEvent({ at: 50, event: 'Activated', groupId: 'acme', userId: 'a' }),
        makeEvent({ at: 20, event: 'Activated', groupId: 'acme', userId: 'b' }),
        makeEvent({ at: 5, event: 'Activated', userId: 'c' }),
        makeEvent({ at: 1, event: 'Other', groupId: 'acme' }),
      ]);
      expect(await store.firstEvents(P, ['Activated'])).toEqual([{ accountId: 'acme', event: 'Activated', firstTs: T0 + 20 * MIN }]);
    });

    it('spans a sessionId session from its first to last activity event, in the account of its first event', async () => {
      await store.ingest(P, [makeEvent({ at: 50, sessionId: 's1', groupId: 'late' }), makeEvent({ at: 20, sessionId: 's1', groupId: 'acme' })]);
      await store.ingest(P, [
        makeEvent({ at: 10, sessionId: 's1', groupId: 'early' }),
        makeEvent({ at: 90, sessionId: 's1', event: '$survey_answered', properties: { surveyId: 'x' } }),
      ]);
      // One session 10..50 (the answer at 90 is no activity event): 50 - 10 = 40 minutes, in 'early'.
      expect(await store.sessionTotals(P, D0, D0 + 1)).toEqual([{ accountId: 'early', sessions: 1, totalMs: 40 * MIN }]);
      // A session belongs to the day of its first event.
      expect(await store.sessionTotals(P, D0 + 1, D0 + 2)).toEqual([]);
    });

    it('splits events without a sessionId at gaps of 30 minutes or more', async () => {
      await store.ingest(P, [
        makeEvent({ at: 0 }),
        makeEvent({ at: 29 }),
        makeEvent({ at: 58 }),
        makeEvent({ at: 88 }), // exactly 30 minutes later: a new session
        makeEvent({ at: 200, userId: 'other' }),
      ]);
      // u1: 0..58 (58 min) and 88 alone (0 min); other: 200 alone (0 min) → 3 sessions, 58 minutes, no account.
      expect(await store.sessionTotals(P, D0, D0 + 1)).toEqual([{ accountId: null, sessions: 3, totalMs: 58 * MIN }]);
    });

    it('merges gap sessions exactly when events arrive out of order', async () => {
      await store.ingest(P, [makeEvent({ at: 0, groupId: 'first' })]);
      await store.ingest(P, [makeEvent({ at: 50, groupId: 'second' })]);
      await store.ingest(P, [makeEvent({ at: 100 })]);
      expect((await store.sessionTotals(P, D0, D0 + 1)).reduce((n, r) => n + r.sessions, 0)).toBe(3);
      // 25 and 75 bridge all three into one session 0..100, in the account of its first event.
      await store.ingest(P, [makeEvent({ at: 75 }), makeEvent({ at: 25 })]);
      expect(await store.sessionTotals(P, D0, D0 + 1)).toEqual([{ accountId: 'first', sessions: 1, totalMs: 100 * MIN }]);
      // An earlier event extends the session backwards and moves it to that event's account.
      await store.ingest(P, [makeEvent({ at: -20, groupId: 'earliest' })]);
      // The per-account totals follow every merge: the session moved to the day before, in 'earliest'.
      expect(await store.sessionTotals(P, D0 - 1, D0 + 1)).toEqual([{ accountId: 'earliest', sessions: 1, totalMs: 120 * MIN }]);
      expect(await store.sessionTotals(P, D0, D0 + 1)).toEqual([]);
    });

    it('totals sessions per account and day through explicit-session updates, no account included', async () => {
      await store.ingest(P, [
        makeEvent({ at: 10, sessionId: 's1', groupId: 'acme' }),
        makeEvent({ at: 40, sessionId: 's1', groupId: 'acme' }),
        makeEvent({ at: 5, userId: 'solo' }),
        makeEvent({ at: 9, userId: 'solo' }),
      ]);
      await store.ingest(P, [makeEvent({ at: 24 * 60 + 1, sessionId: 's2', groupId: 'acme', userId: 'b' })]);
      // s1 grows at both ends: 5 minutes earlier in 'beta' (it moves there) and 20 minutes later.
      await store.ingest(P, [makeEvent({ at: 60, sessionId: 's1', groupId: 'acme' }), makeEvent({ at: 5, sessionId: 's1', groupId: 'beta' })]);
      const byAccount = (rows: { accountId: string | null }[]) => [...rows].sort((x, y) => String(x.accountId).localeCompare(String(y.accountId)));
      expect(byAccount(await store.sessionTotals(P, D0, D0 + 2))).toEqual([
        { accountId: 'acme', sessions: 1, totalMs: 0 },
        { accountId: 'beta', sessions: 1, totalMs: 55 * MIN },
        { accountId: null, sessions: 1, totalMs: 4 * MIN },
      ]);
      expect(await store.sessionTotals(P, D0 + 1, D0 + 2)).toEqual([{ accountId: 'acme', sessions: 1, totalMs: 0 }]);
      expect(await store.sessionTotals(P, D0, D0 + 2, 'beta')).toEqual([{ accountId: 'beta', sessions: 1, totalMs: 55 * MIN }]);
    });

    it('tells, per (user, account), activity in a window and in the previous one, from days in any order', async () => {
      const day = 24 * 60;
      await store.ingest(P, [
        makeEvent({ at: 12 * day, groupId: 'acme', userId: 'now' }),
        makeEvent({ at: 3 * day, groupId: 'acme', userId: 'before' }),
        makeEvent({ at: 3 * day, groupId: 'acme', userId: 'both' }),
        makeEvent({ at: 20 * day, groupId: 'acme', userId: 'gap' }),
        makeEvent({ at: 11 * day, userId: 'solo' }),
        makeEvent({ at: 11 * day, groupId: 'acme', userId: 'survey-only', event: '$survey_answered', properties: { surveyId: 'x' } }),
      ]);
      // A later batch adds days on both sides of what a pair already has.
      await store.ingest(P, [
        makeEvent({ at: 13 * day, groupId: 'acme', userId: 'both' }),
        makeEvent({ at: 0, groupId: 'acme', userId: 'gap' }),
        makeEvent({ at: 1 * day, groupId: 'acme', userId: 'old' }),
      ]);
      // Previous window [D0+2, D0+10), window [D0+10, D0+18); 'gap' is active before and after both.
      // acme: now (day 12) and both (day 13) in the window, before and both in the previous one;
      // solo is active without an account; the survey answer is not activity.
      expect(await store.activitySummary(P, D0 + 2, D0 + 10, D0 + 18)).toEqual({ activeUsers: 3, accounts: [{ accountId: 'acme', activeUsers: 2, previousActiveUsers: 2 }] });
      expect(await store.accountDayTotals(P, D0 + 10, D0 + 18)).toEqual([{ accountId: 'acme', userDays: 2, lastSeen: T0 + 13 * day * MIN }]);
      expect(await store.activitySummary(P, D0 + 2, D0 + 10, D0 + 18, 'nobody')).toEqual({ activeUsers: 0, accounts: [] });
      // A user active in two accounts is one active user overall; an account active only before the window is listed.
      await store.ingest(P, [
        makeEvent({ at: 14 * day, groupId: 'beta', userId: 'now' }),
        makeEvent({ at: 14 * day + 1, groupId: 'acme', userId: 'now' }),
        makeEvent({ at: 4 * day, groupId: 'gamma', userId: 'g' }),
        makeEvent({ at: 5 * day, groupId: 'gamma', userId: 'g' }),
      ]);
      const after = await store.activitySummary(P, D0 + 2, D0 + 10, D0 + 18);
      expect(after.activeUsers).toBe(3);
      expect(sortAccounts(after.accounts)).toEqual([
        { accountId: 'acme', activeUsers: 2, previousActiveUsers: 2 },
        { accountId: 'beta', activeUsers: 1, previousActiveUsers: 0 },
        { accountId: 'gamma', activeUsers: 0, previousActiveUsers: 1 },
      ]);
      // acme: now on days 12 and 14, both on day 13.
      expect(sortAccounts(await store.accountDayTotals(P, D0 + 10, D0 + 18))).toEqual([
        { accountId: 'acme', userDays: 3, lastSeen: T0 + (14 * day + 1) * MIN },
        { accountId: 'beta', userDays: 1, lastSeen: T0 + 14 * day * MIN },
      ]);
    });

    it('gives an account-day its last activity back when the user who had it is erased', async () => {
      await store.ingest(P, [
        makeEvent({ at: 10, userId: 'b', groupId: 'acme' }),
        makeEvent({ at: 30, userId: 'a', groupId: 'acme', sessionId: 's' }),
        makeEvent({ at: 50, userId: 'a', groupId: 'acme', sessionId: 's' }),
      ]);
      await store.deleteUser(P, 'a');
      expect(await store.accountDays(P, D0, D0 + 1)).toEqual([{ accountId: 'acme', day: D0, activeUsers: 1, lastSeen: T0 + 10 * MIN }]);
      expect(await store.sessionTotals(P, D0, D0 + 1)).toEqual([{ accountId: 'acme', sessions: 1, totalMs: 0 }]);
    });

    it('keeps a choice answer\'s picked key and a CES score (SPEC §13)', async () => {
      await store.ingest(P, [
        makeEvent({ at: 1, event: '$survey_answered', groupId: 'acme', properties: { surveyId: 'exit', kind: 'choice', responseId: 'r1', choice: 'too_expensive' } }),
        makeEvent({ at: 2, event: '$survey_answered', userId: 'u2', properties: { surveyId: 'exit', kind: 'choice', responseId: 'r2', choice: 'other', comment: 'Moved to a competitor' } }),
        makeEvent({ at: 3, event: '$survey_answered', userId: 'u3', properties: { surveyId: 'ease', kind: 'ces', responseId: 'r3', score: 6 } }),
      ]);
      const events = await store.surveyEvents(P, { fromMs: T0, toMs: T0 + DAY_MS });
      expect(events.map((r) => [r.surveyKind, r.score, r.choice, r.comment])).toEqual([
        ['choice', null, 'too_expensive', null],
        ['choice', null, 'other', 'Moved to a competitor'],
        ['ces', 6, null, null],
      ]);
      expect((await store.surveyAnswers(P, T0, T0 + DAY_MS)).map((r) => [r.userKey, r.surveyKind, r.score, r.choice])).toEqual([
        ['u1', 'choice', null, 'too_expensive'],
        ['u2', 'choice', null, 'other'],
        ['u3', 'ces', 6, null],
      ]);
    });

    it('records survey events and filters them by survey, user and account', async () => {
      await store.ingest(P, [
        makeEvent({ at: 1, event: '$survey_shown', groupId: 'acme', properties: { surveyId: 'nps', kind: 'nps', responseId: 'r1' } }),
        makeEvent({ at: 2, event: '$survey_answered', groupId: 'acme', properties: { surveyId: 'nps', kind: 'nps', responseId: 'r1', score: 9, comment: 'Great' } }),
        makeEvent({ at: 3, event: '$survey_dismissed', userId: 'u2', properties: { surveyId: 'csat', kind: 'csat', responseId: 'r2' } }),
        makeEvent({ at: 4, event: '$survey_answered', properties: { kind: 'nps' } }), // no surveyId: raw event only
      ]);
      const all = await store.surveyEvents(P, { fromMs: T0, toMs: T0 + DAY_MS });
      expect(all.map((r) => [r.kind, r.surveyId, r.surveyKind, r.userKey, r.accountId, r.score, r.comment])).toEqual([
        ['shown', 'nps', 'nps', 'u1', 'acme', null, null],
        ['answered', 'nps', 'nps', 'u1', 'acme', 9, 'Great'],
        ['dismissed', 'csat', 'csat', 'u2', null, null, null],
      ]);
      expect((await store.surveyEvents(P, { fromMs: T0, toMs: T0 + DAY_MS, surveyId: 'csat' })).length).toBe(1);
      expect((await store.surveyEvents(P, { fromMs: T0, toMs: T0 + DAY_MS, userKey: 'u1' })).length).toBe(2);
      expect((await store.surveyEvents(P, { fromMs: T0, toMs: T0 + DAY_MS, accountId: 'acme' })).length).toBe(2);
      expect((await store.surveyEvents(P, { fromMs: T0 + 2 * MIN, toMs: T0 + 3 * MIN })).map((r) => r.responseId)).toEqual(['r1']);
      // Answers alone, with what counting needs (a surveyId-less answer is a raw event only).
      expect(await store.surveyAnswers(P, T0, T0 + DAY_MS)).toEqual([
        { surveyId: 'nps', surveyKind: 'nps', userKey: 'u1', accountId: 'acme', score: 9, choice: null, comment: 'Great', timestamp: T0 + 2 * MIN },
      ]);
      expect(await store.surveyAnswers(P, T0 + 3 * MIN, T0 + DAY_MS)).toEqual([]);

      // Response rate's pairs: u1 shown nps twice (in acme) and answered once, u3 shown nps without
      // answering, u4 answered csat without a prompt in the window (not a shown pair), u2 dismissed csat.
      await store.ingest(P, [
        makeEvent({ at: 5, event: '$survey_shown', userId: 'u3', groupId: 'beta', properties: { surveyId: 'nps', kind: 'nps' } }),
        makeEvent({ at: 6, event: '$survey_answered', userId: 'u4', properties: { surveyId: 'csat', kind: 'csat', score: 4 } }),
        makeEvent({ at: 7, event: '$survey_shown', groupId: 'acme', properties: { surveyId: 'nps', kind: 'nps' } }),
      ]);
      const bySurvey = <T extends { surveyId: string }>(rows: T[]) => [...rows].sort((a, b) => a.surveyId.localeCompare(b.surveyId));
      expect(bySurvey(await store.surveyResponsePairs(P, T0, T0 + DAY_MS))).toEqual([
        { surveyId: 'csat', shown: 0, answered: 0 },
        { surveyId: 'nps', shown: 2, answered: 1 },
      ]);
      // From minute 3: u1's answer at minute 2 lies before the window.
      expect(bySurvey(await store.surveyResponsePairs(P, T0 + 3 * MIN, T0 + DAY_MS))).toEqual([
        { surveyId: 'csat', shown: 0, answered: 0 },
        { surveyId: 'nps', shown: 2, answered: 0 },
      ]);
      expect(await store.surveyResponsePairs(P, T0 + DAY_MS, T0 + 2 * DAY_MS)).toEqual([]);
      // Per account: each account's own events; u2's and u4's events have no account.
      expect(sortAccounts(await store.accountSurveyPairs(P, T0, T0 + DAY_MS))).toEqual([
        { accountId: 'acme', surveyId: 'nps', shown: 1, answered: 1 },
        { accountId: 'beta', surveyId: 'nps', shown: 1, answered: 0 },
      ]);
      expect((await store.surveyAnswers(P, T0, T0 + DAY_MS)).map((r) => [r.userKey, r.surveyId, r.score])).toEqual([['u1', 'nps', 9], ['u4', 'csat', 4]]);
    });
  });
}
