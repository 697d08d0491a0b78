// A batch crossing to the bulk writer as columns (event-columns.ts) arrives as the events the write
// path expects: ids, names and times as sent, the objects' JSON text, the objects only where the
// rollups read them, and each context already split into its stored parts.
import { describe, expect, it } from 'vitest';
import { makeEvent } from '../store-fixtures.js';
import { ColumnEncoder, fromColumns } from './event-columns.js';
import { SESSION_IN_CONTEXT } from './stored-context.js';

describe('event columns', () => {
  it('round-trips a batch through a structured clone', () => {
    const T = Date.UTC(2026, 2, 2, 10, 0, 0, 123.5); // a fractional millisecond crosses as it is
    const context = { library: { name: 'uptake-js' }, sessionId: 's-1', page: { path: '/invoices' } };
    const events = [
      makeEvent({ messageId: 'm1', event: 'Invoice Sent', userId: 'u1', anonymousId: 'a1', groupId: 'acme', timestamp: T, receivedAt: T + 5, sessionId: 's-1', properties: { amount: 12 }, context }),
      makeEvent({ messageId: 'm2', type: 'identify', event: null, userId: null, anonymousId: 'a2', timestamp: T + 1, traits: { role: 'admin' } }),
      makeEvent({ messageId: 'm3', event: '$survey_answered', userId: 'u1', timestamp: T + 2, properties: { surveyId: 'nps', score: 9 } }),
    ];
    const batch = structuredClone(new ColumnEncoder().of(events));
    // u1 appears twice and its context parts once each: the distinct texts cross once.
    expect(batch.texts.filter((t) => t === 'u1')).toHaveLength(1);
    const got = fromColumns(batch);
    expect(got.map((e) => [e.messageId, e.type, e.event, e.userId, e.anonymousId, e.userKey, e.groupId, e.timestamp, e.receivedAt, e.sessionId])).toEqual([
      ['m1', 'track', 'Invoice Sent', 'u1', 'a1', 'u1', 'acme', T, T + 5, 's-1'],
      ['m2', 'identify', null, null, 'a2', 'a2', null, T + 1, T + 1, null],
      ['m3', 'track', '$survey_answered', 'u1', null, 'u1', null, T + 2, T + 2, null],
    ]);
    expect(got.map((e) => e.json)).toEqual([
      { properties: '{"amount":12}', traits: null, context: null },
      { properties: null, traits: '{"role":"admin"}', context: null },
      { properties: '{"surveyId":"nps","score":9}', traits: null, context: null },
    ]);
    // Objects only where the rollups read them: identify traits, survey properties.
    expect(got.map((e) => [e.properties, e.traits])).toEqual([[null, null], [null, { role: 'admin' }], [{ surveyId: 'nps', score: 9 }, null]]);
    expect(got.map((e) => (e as { storedContext?: unknown }).storedContext)).toEqual([
      { env: '{"library":{"name":"uptake-js"}}', page: '{"path":"/invoices"}', flags: SESSION_IN_CONTEXT },
      null,
      null,
    ]);
  });
});
