import { describe, expect, it } from 'vitest';
import { assignVariant, unitHash, type ExperimentDef } from './assign.js';

const def = (over: Partial<ExperimentDef> = {}): ExperimentDef => ({
  key: 'new-export',
  unit: 'account',
  active: true,
  variants: [{ key: 'control', weight: 50 }, { key: 'one-click', weight: 50 }],
  start: '2026-03-01',
  end: null,
  ...over,
});
const MARCH_2 = Date.parse('2026-03-02T00:00:00Z');

describe('unitHash (SPEC §12)', () => {
  it('matches vectors computed independently (a Python port over UTF-16LE code units)', () => {
    // ':' is one code unit 0x3a. FNV-1a: 0x811c9dc5 ^ 0x3a = 0x811c9dff; × 0x01000193 mod 2^32 = 0x3f0cb86d.
    // Finaliser: ^>>>16 → 0x3f0c8761; × 0x85ebca6b → 0xe81a1f8b; ^>>>13 → 0xe81d5f5b; × 0xc2b2ae35 → 0x482a97d7;
    // ^>>>16 → 0x482adffd = 1 210 769 405; / 2^32 = 0.28190421988256276.
    expect(unitHash(':')).toBe(0.28190421988256276);
    // The same Python port: 0xabf3139d, 0x15e2f64a, 0xd57a9b82, 0x3c03f7f3 (each / 2^32).
    expect(unitHash('user-42:nps-2026')).toBe(0.6716778047848493);
    expect(unitHash('acme:new-export')).toBe(0.08549441630020738);
    expect(unitHash('globex:new-export')).toBe(0.8339020912535489);
    expect(unitHash('initech:new-export')).toBe(0.23443555529229343);
    // Non-ASCII: 'é' is one code unit (0xe9), '😀' two surrogates (0xd83d 0xde00): 0x622e28be / 2^32.
    expect(unitHash('é😀:x')).toBe(0.3835168327204883);
  });
});

describe('assignVariant (SPEC §12)', () => {
  it('takes the first variant whose cumulative share exceeds the hash', () => {
    // acme: h = 0.0855 < 0.5 → control; globex: h = 0.834 ≥ 0.5 → one-click.
    expect(assignVariant(def(), { groupId: 'acme', userId: 'u1' }, MARCH_2)).toBe('control');
    expect(assignVariant(def(), { groupId: 'globex' }, MARCH_2)).toBe('one-click');
    // Weights 10/80/10: shares 0.1, 0.9, 1.0. initech h = 0.234 → b; acme 0.0855 → a; globex 0.834 → b.
    const three = def({ variants: [{ key: 'a', weight: 10 }, { key: 'b', weight: 80 }, { key: 'c', weight: 10 }] });
    expect(assignVariant(three, { groupId: 'initech' }, MARCH_2)).toBe('b');
    expect(assignVariant(three, { groupId: 'acme' }, MARCH_2)).toBe('a');
    // Weights 80/20 → shares 0.8, 1.0: globex (0.834) → second.
    expect(assignVariant(def({ variants: [{ key: 'x', weight: 8 }, { key: 'y', weight: 2 }] }), { groupId: 'globex' }, MARCH_2)).toBe('y');
  });

  it('assigns user experiments by userId, else anonymousId', () => {
    // 'user-42:nps-2026' hashes to 0.672 (vector above): with an experiment keyed nps-2026, 50/50 → second.
    const user = def({ key: 'nps-2026', unit: 'user' });
    expect(assignVariant(user, { userId: 'user-42', anonymousId: 'anon', groupId: 'acme' }, MARCH_2)).toBe('one-click');
    expect(assignVariant(user, { anonymousId: 'user-42' }, MARCH_2)).toBe('one-click');
  });

  it('is null without an account, inactive, or outside [start, end)', () => {
    expect(assignVariant(def(), { userId: 'u1' }, MARCH_2)).toBeNull();
    expect(assignVariant(def({ active: false }), { groupId: 'acme' }, MARCH_2)).toBeNull();
    expect(assignVariant(def(), { groupId: 'acme' }, Date.parse('2026-02-28T23:59:59Z'))).toBeNull();
    expect(assignVariant(def(), { groupId: 'acme' }, Date.parse('2026-03-01T00:00:00Z'))).toBe('control');
    expect(assignVariant(def({ end: '2026-03-02' }), { groupId: 'acme' }, MARCH_2)).toBeNull();
    expect(assignVariant(def({ end: '2026-03-02' }), { groupId: 'acme' }, MARCH_2 - 1)).toBe('control');
  });

  it('splits 10 000 units within the weights’ expected range', () => {
    // 20/30/50 over n = 10 000: sd of a count = √(n·p·(1−p)) ≤ √2500 = 50; 4 sd = 200 units = 0.02.
    const d = def({ variants: [{ key: 'a', weight: 20 }, { key: 'b', weight: 30 }, { key: 'c', weight: 50 }] });
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[assignVariant(d, { groupId: `account-${i}` }, MARCH_2)!]++;
    expect(Math.abs(counts.a - 2000)).toBeLessThan(4 * Math.sqrt(10_000 * 0.2 * 0.8)); // 160
    expect(Math.abs(counts.b - 3000)).toBeLessThan(4 * Math.sqrt(10_000 * 0.3 * 0.7)); // ≈ 183
    expect(Math.abs(counts.c - 5000)).toBeLessThan(4 * Math.sqrt(10_000 * 0.5 * 0.5)); // 200
    // And the hash itself: each tenth of [0, 1) gets 1000 ± 4·√(10 000·0.1·0.9) = ± 120.
    const deciles = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) deciles[Math.floor(unitHash(`user-${i}:exp`) * 10)]++;
    for (const n of deciles) expect(Math.abs(n - 1000)).toBeLessThan(120);
  });

  it('assigns independently per experiment', () => {
    // P(control in both of two 50/50 experiments) = 0.25; sd over 10 000 = √(10 000·0.25·0.75) ≈ 43.
    let both = 0;
    for (let i = 0; i < 10_000; i++) {
      const ids = { groupId: `acct-${i}` };
      if (assignVariant(def({ key: 'e1' }), ids, MARCH_2) === 'control' && assignVariant(def({ key: 'e2' }), ids, MARCH_2) === 'control') both++;
    }
    expect(Math.abs(both - 2500)).toBeLessThan(4 * 43);
  });
});
