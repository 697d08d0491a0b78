// The notification outbox part of the store contract (SPEC §11), registered by `describeStore`
// for every implementation. Times are plain numbers (ms); expectations are hand-computed.
import { describe, expect, it } from 'vitest';
import type { NewNotification, Store } from './store.js';

const P = 'proj';
const note = (id: string, fields: Partial<NewNotification> = {}): NewNotification => ({
  id,
  project: P,
  type: 'survey.answered',
  destination: 'cs',
  body: JSON.stringify({ n: id }),
  createdAt: 1000,
  nextAttemptAt: 1000,
  ...fields,
});

/** Registers the outbox tests; `store()` is the suite's store of the current test. */
export function describeOutbox(store: () => Store): void {
  describe('notification outbox', () => {
    it('keeps the first notification of an id and hands each due one to a single claim', async () => {
      await store().enqueueNotifications([note('a'), note('b', { nextAttemptAt: 5000 })]);
      await store().enqueueNotifications([note('a', { body: 'second' })]);
      // At 2000 only a is due (b waits until 5000); a second claimer gets nothing while a is leased.
      const first = await store().claimNotifications('w1', 2000, 60_000, 10);
      expect(first.map((n) => [n.id, n.body, n.attempts])).toEqual([['a', '{"n":"a"}', 0]]);
      expect(await store().claimNotifications('w2', 2000, 60_000, 10)).toEqual([]);
      // The lease of a (2000 + 60 000) ends at 62 000: a worker that died leaves it to the next claim.
      const later = await store().claimNotifications('w2', 62_000, 60_000, 10);
      expect(later.map((n) => n.id).sort()).toEqual(['a', 'b']);
    });

    it('records delivery, retry and failure of the current claim only', async () => {
      await store().enqueueNotifications([note('a'), note('b')]);
      await store().claimNotifications('w1', 2000, 1000, 10);
      // w1's lease ended at 3000; w2 holds them now, so w1's late outcome is ignored.
      await store().claimNotifications('w2', 3000, 60_000, 10);
      await store().completeNotification('a', 'w1', { status: 'failed', error: 'late' });
      await store().completeNotification('a', 'w2', { status: 'delivered', at: 3500 });
      await store().completeNotification('b', 'w2', { status: 'pending', error: 'HTTP 500', nextAttemptAt: 63_000 });
      const [b, a] = await store().listNotifications(P, null, 10).then((rows) => rows.sort((x, y) => (x.id < y.id ? 1 : -1)));
      expect(a).toMatchObject({ status: 'delivered', attempts: 1, lastError: null, deliveredAt: 3500 });
      expect(b).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500', nextAttemptAt: 63_000 });
      expect(await store().claimNotifications('w3', 62_999, 1000, 10)).toEqual([]);
      expect((await store().claimNotifications('w3', 63_000, 1000, 10)).map((n) => n.id)).toEqual(['b']);
      await store().completeNotification('b', 'w3', { status: 'failed', error: 'gave up' });
      expect((await store().listNotifications(P, 'failed', 10)).map((n) => [n.id, n.attempts])).toEqual([['b', 2]]);
      expect(await store().retryNotification(P, 'b', 70_000)).toBe(true);
      expect(await store().retryNotification('other', 'b', 70_000)).toBe(false);
      expect((await store().claimNotifications('w4', 70_000, 1000, 10)).map((n) => n.id)).toEqual(['b']);
    });

    it('revises an unsent notification (the comment arrived) but not one already being sent', async () => {
      expect(await store().reviseNotification(note('r', { nextAttemptAt: 100_000 }), 1000)).toBe(true);
      expect(await store().reviseNotification(note('r', { body: 'with comment', nextAttemptAt: 2000 }), 2000)).toBe(true);
      const [claimed] = await store().claimNotifications('w1', 2000, 60_000, 10);
      expect(claimed).toMatchObject({ id: 'r', body: 'with comment' });
      expect(await store().reviseNotification(note('r', { body: 'too late', nextAttemptAt: 2500 }), 2500)).toBe(false);
    });

    it('purges delivered and failed notifications queued before a time, never pending ones', async () => {
      await store().enqueueNotifications([note('old-done'), note('old-failed'), note('old-pending'), note('new-done', { createdAt: 9000, nextAttemptAt: 1000 })]);
      await store().claimNotifications('w', 2000, 60_000, 10);
      await store().completeNotification('old-done', 'w', { status: 'delivered', at: 2000 });
      await store().completeNotification('old-failed', 'w', { status: 'failed', error: 'x' });
      await store().completeNotification('new-done', 'w', { status: 'delivered', at: 2000 });
      // Queued at 1000 (< 5000): old-done and old-failed go; old-pending stays pending; new-done was queued at 9000.
      expect(await store().purgeNotifications(5000)).toBe(2);
      expect((await store().listNotifications(P, null, 10)).map((n) => n.id).sort()).toEqual(['new-done', 'old-pending']);
    });

    it('saves a state only over the expected previous value, with its notifications', async () => {
      expect(await store().getNotificationState(P, 'evaluation')).toBeNull();
      expect(await store().saveNotificationState(P, 'evaluation', null, 'v1', [note('x')])).toBe(true);
      // A second collector that read null too loses, and its notification is not added.
      expect(await store().saveNotificationState(P, 'evaluation', null, 'v1b', [note('y')])).toBe(false);
      expect(await store().saveNotificationState(P, 'evaluation', 'v1', 'v2', [])).toBe(true);
      expect(await store().getNotificationState(P, 'evaluation')).toBe('v2');
      expect(await store().getNotificationState('other', 'evaluation')).toBeNull();
      expect((await store().listNotifications(P, 'pending', 10)).map((n) => n.id)).toEqual(['x']);
    });
  });
}
