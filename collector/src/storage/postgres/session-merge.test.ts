import { describe, expect, it } from 'vitest';
import { computeDeltas } from '../rollup-deltas.js';
import { makeEvent } from '../store-suite.js';
import type { StoredEventRow } from '../store.js';
import { planSessionWrites, type SessionRow } from './session-merge.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const rows = (...events: Parameters<typeof makeEvent>[0][]): StoredEventRow[] =>
  events.map((e) => ({ ...makeEvent(e), accountId: e?.groupId ?? null }));
const session = (id: number, start: number, end: number, fields: Partial<SessionRow> = {}): SessionRow => ({
  id, userKey: 'u1', sessionId: '', accountId: '', start: T0 + start * MIN, end: T0 + end * MIN, ...fields,
});

describe('planSessionWrites', () => {
  it('bridges two stored gap sessions into one, kept in the account of the earliest', () => {
    const stored = [session(1, 0, 0, { accountId: 'first' }), session(2, 50, 50, { accountId: 'second' })];
    const writes = planSessionWrites(stored, computeDeltas(rows({ at: 25 })));
    expect(writes).toEqual({ inserts: [], updates: [session(1, 0, 50, { accountId: 'first' })], deletes: [2] });
  });

  it('moves a session to the account of an earlier event that extends it backwards', () => {
    const writes = planSessionWrites([session(1, 0, 10, { accountId: 'a' })], computeDeltas(rows({ at: -20, groupId: 'b' })));
    expect(writes.updates).toEqual([session(1, -20, 10, { accountId: 'b' })]);
  });

  it('starts a new session 30 minutes or more after the last one', () => {
    const writes = planSessionWrites([session(1, 0, 10)], computeDeltas(rows({ at: 40 })));
    expect(writes).toEqual({ inserts: [{ userKey: 'u1', sessionId: '', accountId: '', start: T0 + 40 * MIN, end: T0 + 40 * MIN }], updates: [], deletes: [] });
  });

  it('grows a sessionId session and leaves sessions it does not touch alone', () => {
    const stored = [session(1, 10, 20, { sessionId: 's1', accountId: 'a' }), session(2, 0, 5, { userKey: 'u2' })];
    const writes = planSessionWrites(stored, computeDeltas(rows({ at: 30, sessionId: 's1' }, { at: 5, sessionId: 's1', groupId: 'early' })));
    expect(writes).toEqual({ inserts: [], updates: [session(1, 5, 30, { sessionId: 's1', accountId: 'early' })], deletes: [] });
  });
});
