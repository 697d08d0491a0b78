import { describe, expect, it } from 'vitest';
import type { AccountRecord } from '../storage/store.js';
import { healthBandOf, parseSegment, selectAccounts } from './segment.js';

const account = (accountId: string, plan: string | null, traits: Record<string, unknown>, firstSeen: string): AccountRecord => ({
  accountId, name: null, plan, seats: null, mrr: null, createdAt: null, traits, firstSeen: Date.parse(firstSeen), lastSeen: Date.parse(firstSeen),
});
const ACCOUNTS = [
  account('a', 'pro', { regions: ['eu', 'us'], tier: 2, beta: true }, '2026-01-01T10:00:00Z'),
  account('b', 'free', { regions: 'apac', tier: '2' }, '2026-02-01T00:00:00Z'),
  account('c', null, {}, '2026-03-01T00:00:00Z'),
];
const kept = (params: Record<string, string[]>, rows = new Map()) => [...selectAccounts(parseSegment(params), ACCOUNTS, rows)].sort();

describe('segment filters', () => {
  it('matches an array trait when any element does, and numbers and booleans as text', () => {
    expect(kept({ 'trait.regions': ['us'] })).toEqual(['a']);
    expect(kept({ 'trait.regions': ['apac,us'] })).toEqual(['a', 'b']);
    expect(kept({ 'trait.tier': ['2'] })).toEqual(['a', 'b']); // 2 and "2"
    expect(kept({ 'trait.beta': ['true'] })).toEqual(['a']);
  });

  it('never matches a missing trait or plan', () => {
    expect(kept({ 'trait.regions': ['eu,apac'], plan: ['pro,free'] })).toEqual(['a', 'b']);
    expect(kept({ 'trait.missing': ['x'] })).toEqual([]);
  });

  it('keeps the first stored event in [firstSeenFrom, firstSeenTo)', () => {
    // a 01-01, b 02-01, c 03-01: to is exclusive, from inclusive
    expect(kept({ firstSeenFrom: ['2026-02-01'], firstSeenTo: ['2026-03-01'] })).toEqual(['b']);
    expect(kept({ firstSeenTo: ['2026-01-01'] })).toEqual([]);
  });

  it('bands health at 70 and 40 and matches risks; inactive accounts (no row) match neither', () => {
    expect([healthBandOf(70), healthBandOf(69.999), healthBandOf(40), healthBandOf(39.9), healthBandOf(null)]).toEqual(['healthy', 'neutral', 'neutral', 'at_risk', null]);
    const rows = new Map([['a', { health: 70, risks: [] }], ['b', { health: 39.9, risks: ['usage_drop' as const] }]]);
    expect(kept({ health: ['healthy'] }, rows)).toEqual(['a']);
    expect(kept({ health: ['at_risk,neutral'] }, rows)).toEqual(['b']);
    expect(kept({ risk: ['usage_drop'] }, rows)).toEqual(['b']);
  });

  it('refuses a bad band, risk, empty value or date, naming it', () => {
    expect(() => parseSegment({ health: ['ok'] })).toThrow(/health: unknown band "ok"/);
    expect(() => parseSegment({ risk: ['bored'] })).toThrow(/risk: unknown risk "bored"/);
    expect(() => parseSegment({ plan: [' , '] })).toThrow(/plan needs at least one value/);
    expect(() => parseSegment({ firstSeenTo: ['soon'] })).toThrow(/firstSeenTo/);
  });
});
