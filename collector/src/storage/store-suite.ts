// The behaviour every `Store` implementation must have, as a reusable vitest suite:
// `describeStore('sqlite', () => openSqliteStore(file))`. Expectations are hand-computed.
import { describeAccessStore } from './access-suite.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeOutbox } from './outbox-suite.js';
import { DAY_MS, type NormalizedEvent, type Store, type StoredEventRow } from './store.js';
import { scanEvents } from './scan-events.js';

const P = 'proj';
const MIN = 60_000;
/** 2026-01-05T00:00:00Z, a Monday: day numbers below are relative to it. */
const T0 = Date.UTC(2026, 0, 5);
const D0 = T0 / DAY_MS;

let seq = 0;
/** A normalized event with defaults; `at` is minutes after T0. */
export function makeEvent(fields: Partial<NormalizedEvent> & { at?: number } = {}): NormalizedEvent {
  const { at = 0, ...rest } = fields;
  const userId = rest.userId === undefined ? 'u1' : rest.userId;
  const anonymousId = rest.anonymousId ?? null;
  const timestamp = rest.timestamp ?? T0 + at * MIN;
  return {
    messageId: `m${++seq}`,
    type: 'track',
    event: 'Report Exported',
    groupId: null,
    receivedAt: timestamp,
    sessionId: null,
    properties: null,
    traits: null,
    context: null,
    ...rest,
    userId,
    anonymousId,
    userKey: rest.userKey ?? userId ?? anonymousId!,
    timestamp,
  };
}

const sortAccounts = <T extends { accountId: string }>(rows: T[]): T[] => [...rows].sort((a, b) => a.accountId.localeCompare(b.accountId));

async function collect(it: AsyncIterable<StoredEventRow>): Promise<StoredEventRow[]> {
  const out: StoredEventRow[] = [];
  for await (const row of it) out.push(row);
  return out;
}

/**
 * Registers the store test suite for one implementation.
 * @example describeStore('sqlite', async () => openSqliteStore(join(tmp, 'x.db')))
 */
export function describeStore(name: string, open: () => Promise<Store>, cleanup: () => Promise<void> = async () => {}): void {
  describe(`Store contract: ${name}`, () => {
    describeAccessStore(open, cleanup);
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    describe('ingest', () => {
      it('stores a resent batch once and counts the resend as duplicates', async () => {
        const batch = [makeEvent(), makeEvent({ at: 1 })];
        expect(await store.ingest(P, batch)).toEqual({ accepted: 2, duplicateIndexes: [] });
        expect(await store.ingest(P, batch)).toEqual({ accepted: 0, duplicateIndexes: [0, 1] });
        expect(await store.countEvents(P)).toBe(2);
      });

      it('stores a messageId repeated inside one batch once', async () => {
        const e = makeEvent();
        expect(await store.ingest(P, [e, makeEvent({ at: 1 }), { ...e, at: 2 } as NormalizedEvent])).toEqual({ accepted: 2, duplicateIndexes: [2] });
        expect(await store.countEvents(P)).toBe(2);
      });

      it('keeps messageIds unique per project, not across projects', async () => {
        const e = makeEvent();
        await store.ingest(P, [e]);
        expect(await store.ingest('other', [e])).toEqual({ accepted: 1, duplicateIndexes: [] });
      });

      it('settles concurrent batches independently, each only after it is stored', async () => {
        const shared = makeEvent();
        const [a, b, c] = await Promise.all([
          store.ingest(P, [shared, makeEvent()]),
          store.ingest(P, [makeEvent(), shared]),
          store.ingest(P, [makeEvent()]),
        ]);
        expect([a.accepted, b.accepted, c.accepted]).toEqual([2, 1, 1]);
        expect(b.duplicateIndexes).toEqual([1]);
        expect(await store.countEvents(P)).toBe(4);
      });

      it('returns stored events with their account, in time order', async () => {
        await store.ingest(P, [
          makeEvent({ at: 5, event: 'B', groupId: 'acme' }),
          makeEvent({ at: 1, event: 'A', properties: { n: 1 }, context: { sessionId: 's' }, sessionId: 's' }),
        ]);
        const rows = await collect(scanEvents(store, P));
        expect(rows.map((r) => [r.event, r.accountId, r.timestamp])).toEqual([
          ['A', null, T0 + MIN],
          ['B', 'acme', T0 + 5 * MIN],
        ]);
        expect(rows[0].properties).toEqual({ n: 1 });
        expect(rows[0].sessionId).toBe('s');
      });
    });

    describe('account attribution and profiles', () => {
      it('attributes to groupId, else to the user\'s last group, a group call applying to later events', async () => {
        await store.ingest(P, [
          makeEvent({ at: 0, event: 'Before' }),
          makeEvent({ at: 1, type: 'group', event: null, groupId: 'acme', traits: { name: 'Acme' } }),
          makeEvent({ at: 2, event: 'After' }),
          makeEvent({ at: 3, event: 'Explicit', groupId: 'globex' }),
        ]);
        await store.ingest(P, [makeEvent({ at: 4, event: 'NextBatch' })]);
        const rows = await collect(scanEvents(store, P));
        expect(rows.map((r) => [r.event ?? r.type, r.accountId])).toEqual([
          ['Before', null],
          ['group', 'acme'],
          ['After', 'acme'],
          ['Explicit', 'globex'],
          ['NextBatch', 'acme'],
        ]);
        expect((await store.getUser(P, 'u1'))?.lastGroupId).toBe('acme');
      });

      it('keeps the latest identify traits per key, an older event never overwriting a newer value', async () => {
        await store.ingest(P, [makeEvent({ at: 10, type: 'identify', event: null, traits: { email: 'new@x.io', role: 'admin' } })]);
        await store.ingest(P, [makeEvent({ at: 5, type: 'identify', event: null, traits: { email: 'old@x.io', name: 'Ann' } })]);
        const user = await store.getUser(P, 'u1');
        expect(user?.traits).toEqual({ email: 'new@x.io', role: 'admin', name: 'Ann' });
        expect(user?.userId).toBe('u1');
        expect([user?.firstSeen, user?.lastSeen]).toEqual([T0 + 5 * MIN, T0 + 10 * MIN]);
      });

      it('keeps the latest group traits per account and records each plan', async () => {
        await store.ingest(P, [
          makeEvent({ at: 0, type: 'group', event: null, groupId: 'acme', traits: { name: 'Acme', plan: 'trial', seats: 10, mrr: '99.5', createdAt: '2025-12-01T00:00:00Z' } }),
          makeEvent({ at: 60, type: 'group', event: null, groupId: 'acme', traits: { plan: 'pro' } }),
          makeEvent({ at: 90, event: 'X', groupId: 'acme', userId: 'u2' }),
        ]);
        const acme = await store.getAccount(P, 'acme');
        expect(acme).toEqual({
          accountId: 'acme', name: 'Acme', plan: 'pro', seats: 10, mrr: 99.5,
          createdAt: Date.UTC(2025, 11, 1),
          traits: { name: 'Acme', plan: 'pro', seats: 10, mrr: '99.5', createdAt: '2025-12-01T00:00:00Z' },
          firstSeen: T0, lastSeen: T0 + 90 * MIN,
        });
        expect(await store.planChanges(P, T0, T0 + DAY_MS)).toEqual([
          { accountId: 'acme', plan: 'trial', timestamp: T0 },
          { accountId: 'acme', plan: 'pro', timestamp: T0 + 60 * MIN },
        ]);
        // From minute 30: the plan held when the window opens, then the window's change.
        expect(await store.planChanges(P, T0 + 30 * MIN, T0 + DAY_MS)).toEqual([
          { accountId: 'acme', plan: 'trial', timestamp: T0 },
          { accountId: 'acme', plan: 'pro', timestamp: T0 + 60 * MIN },
        ]);
        expect(await store.planChanges(P, T0 + 61 * MIN, T0 + DAY_MS)).toEqual([{ accountId: 'acme', plan: 'pro', timestamp: T0 + 60 * MIN }]);
        expect(await store.planChanges(P, T0 - DAY_MS, T0)).toEqual([]);
        expect((await store.listAccounts(P)).map((a) => a.accountId)).toEqual(['acme']);
        expect(await store.getAccount(P, 'nobody')).toBeNull();
      });

      it('gives conversion each account\'s plan when a window opens, then the window\'s changes, ties in messageId order', async () => {
        const plan = (at: number, groupId: string, name: string, messageId: string) =>
          makeEvent({ at, type: 'group', event: null, groupId, traits: { plan: name }, messageId });
        await store.ingest(P, [
          plan(0, 'a1', 'free', 'm-a'), plan(10, 'a1', 'pro', 'm-c'), plan(10, 'a1', 'trial', 'm-b'),
          plan(20, 'b1', 'trial', 'm-d'), plan(40, 'b1', 'pro', 'm-e'), plan(70, 'a1', 'team', 'm-f'),
        ]);
        // a1's last time before minute 30 is minute 10, with two changes: both, in messageId order.
        expect(await store.planChanges(P, T0 + 30 * MIN, T0 + 60 * MIN)).toEqual([
          { accountId: 'a1', plan: 'trial', timestamp: T0 + 10 * MIN },
          { accountId: 'a1', plan: 'pro', timestamp: T0 + 10 * MIN },
          { accountId: 'b1', plan: 'trial', timestamp: T0 + 20 * MIN },
          { accountId: 'b1', plan: 'pro', timestamp: T0 + 40 * MIN },
        ]);
      });

      it('lists the requested users', async () => {
        await store.ingest(P, [makeEvent({ userId: 'a' }), makeEvent({ userId: 'b' }), makeEvent({ userId: null, anonymousId: 'anon' })]);
        const users = await store.listUsers(P, ['a', 'anon', 'missing']);
        expect(users.map((u) => [u.userKey, u.userId])).toEqual([['a', 'a'], ['anon', null]]);
      });
    });

    describe('rollups', () => {
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

    describe('raw event reads', () => {
      it('reads named track events of a time range with their account and properties, in time order', async () => {
        await store.ingest(P, [
          makeEvent({ at: 0, event: '$experiment_exposure', groupId: 'acme', properties: { experiment: 'x', variant: 'a' } }),
          makeEvent({ at: 3, event: 'Export', userId: 'u2' }),
          makeEvent({ at: 2, event: '$experiment_exposure', userId: 'u3', properties: { experiment: 'x', variant: 'b' } }),
          makeEvent({ at: 10, event: 'Export', groupId: 'acme' }), // at the window's end: excluded
          makeEvent({ at: 4, type: 'page', event: 'Export' }), // a page named like it: not a track event
        ]);
        // Events carry the account of their groupId; u2 and u3 sent none and were never grouped.
        expect(await store.trackEvents(P, ['$experiment_exposure', 'Export'], T0, T0 + 10 * MIN)).toEqual([
          { event: '$experiment_exposure', userKey: 'u1', accountId: 'acme', timestamp: T0, properties: { experiment: 'x', variant: 'a' } },
          { event: '$experiment_exposure', userKey: 'u3', accountId: null, timestamp: T0 + 2 * MIN, properties: { experiment: 'x', variant: 'b' } },
          { event: 'Export', userKey: 'u2', accountId: null, timestamp: T0 + 3 * MIN, properties: null },
        ]);
        expect(await store.trackEvents(P, ['Export'], T0 + 3 * MIN + 1, T0 + 11 * MIN)).toEqual([
          { event: 'Export', userKey: 'u1', accountId: 'acme', timestamp: T0 + 10 * MIN, properties: null },
        ]);
        expect(await store.trackEvents(P, [], T0, T0 + DAY_MS)).toEqual([]);
      });

      it('reads activity events of a time range: pages and tracks, not survey events, identify or group', async () => {
        await store.ingest(P, [
          makeEvent({ at: 1, type: 'page', event: null, groupId: 'acme' }),
          makeEvent({ at: 2, event: '$survey_answered', properties: { surveyId: 's', kind: 'nps', score: 9 } }),
          makeEvent({ at: 3, event: '$queue_dropped', properties: { count: 1 } }),
          makeEvent({ at: 4, type: 'identify', event: null, traits: { name: 'Ada' } }),
          makeEvent({ at: 5, event: 'Export', userId: 'u2' }),
          makeEvent({ at: 6, event: '$experiment_exposure', properties: { experiment: 'x', variant: 'a' } }),
        ]);
        expect(await store.activityEvents(P, T0 + MIN, T0 + 6 * MIN)).toEqual([
          { userKey: 'u1', accountId: 'acme', timestamp: T0 + MIN },
          { userKey: 'u2', accountId: null, timestamp: T0 + 5 * MIN },
        ]);
        expect((await store.activityEvents(P, T0, T0 + DAY_MS)).map((r) => r.timestamp)).toEqual([T0 + MIN, T0 + 5 * MIN, T0 + 6 * MIN]);
      });
    });

    describe('admin', () => {
      it('erases a user, their anonymous history and responses, and corrects every rollup', async () => {
        await store.ingest(P, [
          makeEvent({ at: 0, userId: null, anonymousId: 'anon-a', groupId: 'acme' }),
          makeEvent({ at: 1, userId: 'a', anonymousId: 'anon-a', type: 'identify', event: null, traits: { email: 'a@x.io' } }),
          makeEvent({ at: 2, userId: 'a', groupId: 'acme', event: 'Export', sessionId: 's' }),
          makeEvent({ at: 3, userId: 'a', groupId: 'acme', event: '$survey_answered', properties: { surveyId: 'nps', kind: 'nps', score: 3 } }),
          makeEvent({ at: 10, userId: 'b', groupId: 'acme', event: 'Export' }),
          makeEvent({ at: 20, userId: 'a', groupId: 'solo-co', event: 'Export' }),
        ]);
        expect(await store.deleteUser(P, 'a')).toEqual({ events: 5 });
        expect(await store.countEvents(P)).toBe(1);
        expect(await store.getUser(P, 'a')).toBeNull();
        expect(await store.getUser(P, 'anon-a')).toBeNull();
        expect((await store.getUser(P, 'b'))?.firstSeen).toBe(T0 + 10 * MIN);
        expect(await store.accountDays(P, D0, D0 + 1)).toEqual([{ accountId: 'acme', day: D0, activeUsers: 1, lastSeen: T0 + 10 * MIN }]);
        expect(await store.userActivity(P, D0, D0 + 1)).toEqual([{ userKey: 'b', accountId: 'acme', activeDays: 1, events: 1, lastSeen: T0 + 10 * MIN }]);
        expect(await store.activitySummary(P, D0 - 1, D0, D0 + 1)).toEqual({ activeUsers: 1, accounts: [{ accountId: 'acme', activeUsers: 1, previousActiveUsers: 0 }] });
        expect(await store.accountDayTotals(P, D0, D0 + 1)).toEqual([{ accountId: 'acme', userDays: 1, lastSeen: T0 + 10 * MIN }]);
        expect(await store.sessionTotals(P, D0, D0 + 1)).toEqual([{ accountId: 'acme', sessions: 1, totalMs: 0 }]);
        expect((await store.featureUsage(P, D0, D0 + 1)).map((r) => r.userKey)).toEqual(['b']);
        expect(await store.featureAdoption(P, D0, D0 + 1, 'acme')).toEqual({
          users: [{ userKey: 'b', accountId: 'acme', events: ['Export'] }],
          eventTotals: [{ accountId: null, event: 'Export', count: 1, firstUsed: T0 + 10 * MIN, lastUsed: T0 + 10 * MIN }],
          accountTotals: [{ accountId: 'acme', event: 'Export', count: 1, firstUsed: T0 + 10 * MIN, lastUsed: T0 + 10 * MIN }],
        });
        expect(await store.firstEvents(P, ['Export'])).toEqual([{ accountId: 'acme', event: 'Export', firstTs: T0 + 10 * MIN }]);
        expect(await store.surveyEvents(P, { fromMs: T0, toMs: T0 + DAY_MS })).toEqual([]);
        const acme = await store.getAccount(P, 'acme');
        expect([acme?.firstSeen, acme?.lastSeen]).toEqual([T0 + 10 * MIN, T0 + 10 * MIN]);
        expect(await store.getAccount(P, 'solo-co')).toBeNull();
      });

      it('erases a user whose raw events were already purged, from the rollups', async () => {
        await store.ingest(P, [makeEvent({ at: 0, userId: 'a', anonymousId: 'anon-a', groupId: 'acme' }), makeEvent({ at: 1, userId: null, anonymousId: 'anon-a' })]);
        await store.purgeEvents(P, T0 + DAY_MS);
        expect(await store.deleteUser(P, 'a')).toEqual({ events: 0 });
        expect(await store.userActivity(P, D0, D0 + 1)).toEqual([]);
        expect(await store.accountDays(P, D0, D0 + 1)).toEqual([]);
      });

      it('purges raw events before a time and keeps the rollups', async () => {
        await store.ingest(P, [makeEvent({ at: 0, groupId: 'acme' }), makeEvent({ at: 2 * 24 * 60, groupId: 'acme' })]);
        expect(await store.purgeEvents(P, T0 + DAY_MS)).toEqual({ events: 1 });
        expect(await store.countEvents(P)).toBe(1);
        expect((await store.userActivity(P, D0, D0 + 3))[0]).toMatchObject({ activeDays: 2, events: 2 });
        expect(await store.accountDays(P, D0, D0 + 3)).toHaveLength(2);
        expect((await store.getAccount(P, 'acme'))?.firstSeen).toBe(T0);
      });

      it('answers ping while open', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describeOutbox(() => store);
  });
}
