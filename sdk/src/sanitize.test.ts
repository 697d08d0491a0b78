import { describe, expect, it } from 'vitest';
import { cleanName, cleanJson, MAX_STRING_LENGTH, toJson } from './sanitize.js';
import { LIMITS } from '@uptake/protocol';

/** cleanJson's text read back (what the collector receives). */
const cleanObject = (value: unknown) => {
  const json = cleanJson(value);
  return json === null ? null : (JSON.parse(json) as Record<string, unknown>);
};

describe('cleanJson', () => {
  it('keeps plain JSON values as they are', () => {
    const props = { plan: 'pro', seats: 3, ok: true, none: null, list: [1, 'a'], nested: { a: { b: 1 } } };
    expect(cleanObject(props)).toEqual(props);
  });

  it('leaves out functions, symbols and undefined, turns BigInt into a string and NaN into null', () => {
    const props = { f: () => 1, s: Symbol('x'), u: undefined, big: 10n ** 20n, nan: NaN, inf: -Infinity, [Symbol('k')]: 1, list: [undefined, () => 1, 2] };
    expect(cleanObject(props)).toEqual({ big: '100000000000000000000', nan: null, inf: null, list: [null, null, 2] });
  });

  it('leaves out circular references but keeps an object seen twice', () => {
    const shared = { id: 1 };
    const props: Record<string, unknown> = { a: shared, b: shared };
    props.self = props;
    expect(cleanObject(props)).toEqual({ a: { id: 1 }, b: { id: 1 } });
  });

  it('uses toJSON (dates) and survives a toJSON returning itself', () => {
    const odd = { toJSON(): unknown { return this; } };
    expect(cleanObject({ at: new Date(Date.UTC(2026, 0, 1)), odd })).toEqual({ at: '2026-01-01T00:00:00.000Z' });
  });

  it('cuts long strings', () => {
    const out = cleanObject({ text: 'x'.repeat(1024 * 1024) })!;
    expect((out.text as string).length).toBe(MAX_STRING_LENGTH);
  });

  it(`stops at ${LIMITS.maxNesting} levels of nesting`, () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 20; i++) deep = { d: deep };
    let levels = 0;
    for (let node = cleanObject(deep) as Record<string, unknown> | undefined; node; node = node.d as Record<string, unknown> | undefined) levels++;
    expect(levels).toBe(LIMITS.maxNesting);
  });

  it('gives null (drop the event) when still over the collector limit', () => {
    const big = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'é'.repeat(MAX_STRING_LENGTH)]));
    expect(cleanObject(big)).toBeNull();
  });

  it('treats non-objects as no properties', () => {
    expect(cleanObject(undefined)).toEqual({});
    expect(cleanObject('text')).toEqual({});
    expect(cleanObject([1, 2])).toEqual({});
  });

  it('gives JSON text, {} when nothing is left of an object', () => {
    expect(cleanJson({ plan: 'pro', seats: 3 })).toBe('{"plan":"pro","seats":3}');
    expect(cleanJson({ toJSON: () => undefined })).toBe('{}');
    // A Date's toJSON gives a string, not an object.
    expect(cleanJson(new Date(0))).toBe('{}');
  });

  it('gives flat objects the same text as the full walk, long strings cut on both ways', () => {
    const flat = { plan: 'pro', seats: 3, ratio: 0.5, ok: false, none: null, 'quote"key': 'a\nb' };
    expect(cleanJson(flat)).toBe(JSON.stringify(flat));
    expect(cleanJson(flat)).toBe(toJson(flat));
    // Not flat (cut, NaN, BigInt, undefined, a Date): the full walk decides, as before.
    expect(JSON.parse(cleanJson({ s: 'x'.repeat(MAX_STRING_LENGTH + 1), n: NaN, b: 2n, u: undefined, d: new Date(0) })!)).toEqual({
      s: 'x'.repeat(MAX_STRING_LENGTH),
      n: null,
      b: '2',
      d: '1970-01-01T00:00:00.000Z',
    });
  });

  it('toJson of a bare value follows JSON, BigInt as a string', () => {
    expect(toJson(Symbol('x'))).toBeUndefined();
    expect(toJson(1n)).toBe('"1"');
  });
});

describe('cleanName', () => {
  it('accepts non-empty strings and finite numbers only', () => {
    expect(cleanName('Report Exported')).toBe('Report Exported');
    expect(cleanName(42)).toBe('42');
    for (const bad of ['', undefined, null, NaN, {}, Symbol('x'), () => 'x']) expect(cleanName(bad)).toBeUndefined();
  });

  it(`cuts names to ${LIMITS.maxEventNameLength} characters`, () => {
    expect(cleanName('n'.repeat(500))).toHaveLength(LIMITS.maxEventNameLength);
  });
});
