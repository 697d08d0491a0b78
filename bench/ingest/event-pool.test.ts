import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '@uptake/collector/internals';
import { batchBodies, buildEventPool } from './event-pool.js';

describe('ingest benchmark traffic', () => {
  const now = Date.UTC(2026, 2, 1);
  const pool = buildEventPool(now);

  it('makes batch bodies of valid events with messageIds unique across bodies', () => {
    const next = batchBodies(pool, 50, 'run1');
    const bodies = [next(), next(), next()].map((b) => JSON.parse(b) as { writeKey: string; batch: { messageId: string }[] });
    expect(bodies.every((b) => b.writeKey === 'wk_demo' && b.batch.length === 50)).toBe(true);
    const ids = bodies.flatMap((b) => b.batch.map((e) => e.messageId));
    expect(new Set(ids).size).toBe(150);
    for (const e of bodies[0].batch) expect(normalizeEvent(e, { receivedAt: now, sentAt: null }).ok).toBe(true);
  });

  it('keeps for each event the row the collector stores for it (same columns, same JSON)', () => {
    const wire = JSON.parse(pool[1].json) as Record<string, unknown>;
    const normalized = normalizeEvent({ ...wire, messageId: 'm1' }, { receivedAt: now, sentAt: null });
    if (!normalized.ok) throw new Error(normalized.reason);
    const e = normalized.event;
    expect(pool[1].row).toEqual([
      e.type, e.event, e.userId, e.anonymousId, e.userKey, e.groupId, e.groupId, e.timestamp, pool[1].row[8], e.sessionId,
      JSON.stringify(e.properties), null, JSON.stringify(e.context),
    ]);
  });
});
