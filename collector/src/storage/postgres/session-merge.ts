// Pure: plans the session rows a batch changes, from the stored sessions it can touch, so the
// PostgreSQL write path reads once and writes in three statements. Same rules as the SQLite write
// path: a sessionId session grows to cover its events; an implicit run merges with every stored
// implicit session of the user within 30 minutes of it, whatever order events arrive in.
import { SESSION_GAP_MS, type BatchDeltas } from '../rollup-deltas.js';

export interface SessionRow {
  id: number;
  userKey: string;
  /** '' for an implicit session. */
  sessionId: string;
  /** Account of the session's first event ('' = none). */
  accountId: string;
  start: number;
  end: number;
}

export interface SessionWrites {
  inserts: Omit<SessionRow, 'id'>[];
  updates: SessionRow[];
  deletes: number[];
}

/** Ids given to sessions created in this batch: above any stored id, so ties sort as in the database. */
const FIRST_NEW_ID = 2 ** 52;

/**
 * Applies a batch's session deltas to the stored sessions they can touch and returns the writes.
 * @example planSessionWrites([], computeDeltas(rows)).inserts.length
 */
export function planSessionWrites(stored: SessionRow[], deltas: Pick<BatchDeltas, 'explicitSessions' | 'implicitSessions'>): SessionWrites {
  const live = new Map<number, SessionRow>(stored.map((s) => [s.id, { ...s }]));
  const storedIds = new Set(stored.map((s) => s.id));
  const changed = new Set<number>();
  let nextId = FIRST_NEW_ID;
  const create = (row: Omit<SessionRow, 'id'>) => {
    const id = nextId++;
    live.set(id, { id, ...row });
  };
  const update = (row: SessionRow) => {
    live.set(row.id, row);
    changed.add(row.id);
  };

  for (const x of deltas.explicitSessions.values()) {
    const row = [...live.values()].find((s) => s.userKey === x.userKey && s.sessionId === x.sessionId);
    if (!row) create({ userKey: x.userKey, sessionId: x.sessionId, accountId: x.startAccount, start: x.start, end: x.end });
    else {
      const earlier = x.start < row.start;
      update({ ...row, accountId: earlier ? x.startAccount : row.accountId, start: Math.min(row.start, x.start), end: Math.max(row.end, x.end) });
    }
  }

  for (const [userKey, spans] of deltas.implicitSessions) {
    for (const span of spans) {
      const touching = [...live.values()]
        .filter((s) => s.userKey === userKey && s.sessionId === '' && s.end > span.start - SESSION_GAP_MS && s.start < span.end + SESSION_GAP_MS)
        .sort((a, b) => a.start - b.start || a.id - b.id);
      if (touching.length === 0) {
        create({ userKey, sessionId: '', accountId: span.startAccount, start: span.start, end: span.end });
        continue;
      }
      // Ordered by start: the first stored session wins a tie on the earliest time.
      const [keep, ...rest] = touching;
      let { start, accountId, end } = keep;
      for (const r of rest) end = Math.max(end, r.end);
      if (span.start < start) {
        start = span.start;
        accountId = span.startAccount;
      }
      end = Math.max(end, span.end);
      for (const r of rest) {
        live.delete(r.id);
        changed.delete(r.id);
      }
      update({ ...keep, accountId, start, end });
    }
  }

  const writes: SessionWrites = { inserts: [], updates: [], deletes: [] };
  for (const id of storedIds) if (!live.has(id)) writes.deletes.push(id);
  for (const row of live.values()) {
    if (!storedIds.has(row.id)) {
      const { id: _id, ...fields } = row;
      writes.inserts.push(fields);
    } else if (changed.has(row.id)) writes.updates.push(row);
  }
  return writes;
}
