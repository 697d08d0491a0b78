import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LIMITS } from '@uptake/protocol';
import { jsonBytesBound, nestingDepth, normalizeEvent, validateBatch } from './normalize.js';
import { jsonOf } from '../storage/serialized-json.js';

const opts = { receivedAt: Date.UTC(2026, 0, 5, 12), sentAt: null };

describe('normalizeEvent', () => {
  it('normalises a Segment track call', () => {
    const r = normalizeEvent(
      { type: 'track', event: 'Report Exported', userId: 'u1', anonymousId: 'a1', groupId: 'acme', messageId: 'm1', timestamp: '2026-01-05T11:00:00Z', properties: { f: 1 }, context: { sessionId: 's1', ip: '203.0.113.9', locale: 'en' }, unknown: true },
      opts,
    );
    expect(r).toEqual({
      ok: true,
      event: {
        messageId: 'm1', type: 'track', event: 'Report Exported', userId: 'u1', anonymousId: 'a1', userKey: 'u1', groupId: 'acme',
        timestamp: Date.UTC(2026, 0, 5, 11), receivedAt: opts.receivedAt, sessionId: 's1', properties: { f: 1 }, traits: null,
        context: { sessionId: 's1', locale: 'en' },
        // The text stores write: serialized once, the IP address left out of it too.
        json: { properties: '{"f":1}', traits: null, context: '{"sessionId":"s1","locale":"en"}' },
      },
    });
  });

  it('with lazyContext (the bulk path), checks a context\'s size by a bound and serializes it only when the bound is over the limit', () => {
    const lazy = { ...opts, lazyContext: true };
    const context = (text: string) => ({ type: 'page', userId: 'u', context: { note: text, ip: '203.0.113.9' } });
    // Bound 6 × 6 000 > 32 KiB, text 6 KB: serialized to know, and accepted.
    const near = normalizeEvent(context('x'.repeat(6_000)), lazy);
    expect(near.ok && near.event.json?.context).toBe(`{"note":"${'x'.repeat(6_000)}"}`);
    // Bound well under the limit: no text made yet; a store that asks gets it without the IP address.
    const small = normalizeEvent(context('x'.repeat(100)), lazy);
    expect(small.ok && small.event.json?.context).toBeUndefined();
    expect(small.ok && jsonOf(small.event, 'context')).toBe(`{"note":"${'x'.repeat(100)}"}`);
    // Over the limit, in bytes (3 per character here): rejected.
    const large = normalizeEvent(context('€'.repeat(11_000)), lazy);
    expect(large.ok ? 'ok' : large.code).toBe('too_large');
  });

  it('keeps an alias call\'s previousId in its properties, in the stored text too', () => {
    const r = normalizeEvent({ type: 'alias', userId: 'u2', previousId: 'a1', messageId: 'm', properties: { x: 1 } }, opts);
    expect(r.ok && [r.event.properties, r.event.json]).toEqual([{ previousId: 'a1', x: 1 }, { properties: '{"previousId":"a1","x":1}', traits: null, context: null }]);
  });

  it('counts screen as page, keeps page names and keys anonymous users by anonymousId', () => {
    const r = normalizeEvent({ type: 'screen', name: 'Settings', anonymousId: 'a1', messageId: 'm' }, opts);
    expect(r.ok && [r.event.type, r.event.event, r.event.userKey, r.event.userId]).toEqual(['page', 'Settings', 'a1', null]);
  });

  it('accepts numeric ids as strings (some Segment libraries send numbers)', () => {
    const r = normalizeEvent({ type: 'identify', userId: 42, messageId: 'm' }, opts);
    expect(r.ok && r.event.userKey).toBe('42');
  });

  it('rejects with a reason', () => {
    const reason = (raw: unknown) => {
      const r = normalizeEvent(raw, opts);
      return r.ok ? 'ok' : r.code;
    };
    expect(reason(null)).toBe('not_an_object');
    expect(reason({ type: 'click', userId: 'u' })).toBe('invalid_type');
    expect(reason({ type: 'page' })).toBe('missing_user');
    expect(reason({ type: 'page', userId: { id: 1 } })).toBe('invalid_id');
    expect(reason({ type: 'group', userId: 'u' })).toBe('missing_group_id');
    expect(reason({ type: 'track', userId: 'u', event: 7 })).toBe('invalid_event_name');
    expect(reason({ type: 'page', userId: 'u', messageId: 5 })).toBe('invalid_message_id');
    expect(reason({ type: 'page', userId: 'u', timestamp: 'later' })).toBe('invalid_timestamp');
    expect(reason({ type: 'page', userId: 'u', properties: [1, 2] })).toBe('invalid_object');
    expect(reason({ type: 'page', userId: 'u', traits: { a: 'x'.repeat(40_000) } })).toBe('too_large');
    expect(reason({ type: 'page', userId: 'u', context: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } } })).toBe('too_deep');
  });
});

describe('jsonBytesBound', () => {
  it('is never below the UTF-8 size of the JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'grapheme' }), (value, text) => {
        for (const v of [value, { text, value }, [text, value]]) {
          expect(jsonBytesBound(v, Infinity)).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(v) ?? ''));
        }
      }),
    );
    // Numbers whose text is longer than their source.
    expect(jsonBytesBound([1e20, -1.7976931348623157e308, 5e-324], Infinity)).toBeGreaterThanOrEqual(JSON.stringify([1e20, -1.7976931348623157e308, 5e-324]).length);
  });

  it('stops past the budget, and gives up on what a walk cannot bound', () => {
    expect(jsonBytesBound({ a: 'x'.repeat(100) }, 100)).toBe(Infinity);
    expect(jsonBytesBound({ a: 'x'.repeat(10) }, 100)).toBe(2 + 4 + 6 + 2 + 60);
    expect(jsonBytesBound({ at: new Date(0) }, LIMITS.maxObjectBytes)).toBe(Infinity);
    expect(jsonBytesBound({ n: 1n }, LIMITS.maxObjectBytes)).toBe(Infinity);
  });
});

describe('nestingDepth', () => {
  it('counts the object itself as level 1 and arrays as levels', () => {
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth({ a: [{ b: 1 }] })).toBe(3);
    expect(nestingDepth('x')).toBe(0);
  });
  it('stops early on very deep input without recursion', () => {
    let o: unknown = 1;
    for (let i = 0; i < 100_000; i++) o = [o];
    expect(nestingDepth(o)).toBeGreaterThan(8);
  });
});

describe('validateBatch', () => {
  it('keeps valid events with their batch index and rejects the others alone', () => {
    const r = validateBatch([{ type: 'page', userId: 'u', messageId: 'a' }, { type: 'x', messageId: 'b' }, { type: 'page', userId: 'u', messageId: 'c' }], opts);
    expect(r.events.map((e) => e.messageId)).toEqual(['a', 'c']);
    expect(r.indexes).toEqual([0, 2]);
    expect(r.rejected).toEqual([{ index: 1, messageId: 'b', reason: expect.any(String), code: 'invalid_type' }]);
  });
});
