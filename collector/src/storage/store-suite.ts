// The behaviour every `Store` implementation must have, as a reusable vitest suite:
// `describeStore('sqlite', () => openSqliteStore(file))`. Expectations are hand-computed.
import { describeAccessStore } from './access-suite.js';
import { describe, expect, it } from 'vitest';
import { storePerTest } from './store-per-test.js';
import { describeOutbox } from './outbox-suite.js';
import { DAY_MS, type NormalizedEvent, type Store, type StoredEventRow } from './store.js';
import { D0, makeEvent, MIN, P, T0 } from './store-fixtures.js';
import { describeRollups } from './store-suite-rollups.js';
import { describeSpanReads } from './store-suite-span.js';
import { describeScopedReads } from './store-suite-scope.js';

export { makeEvent } from './store-fixtures.js';
import { scanEvents } from './scan-events.js';

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
    storePerTest(open, cleanup, (opened) => {
      store = opened;
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

    describeRollups(() => store);
    describeSpanReads(() => store);
    describeScopedReads(() => store);

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
