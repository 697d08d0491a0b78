import { describe, expect, it } from 'vitest';
import { adoptionPairs } from './pg-report-reads.js';

describe('adoptionPairs', () => {
  it('turns each pair\'s bit set into its names, sorted, and shares one list between pairs with the same names', () => {
    // Names 0 'Dashboard Viewed', 1 'Report Exported', 2 'Invoice Sent'. Bits 3 = 1 + 2 → names 0 and 1;
    // 6 = 2 + 4 → names 1 and 2, sorted: 'Invoice Sent' < 'Report Exported'.
    const users = adoptionPairs(['Dashboard Viewed', 'Report Exported', 'Invoice Sent'], [
      ['acme', 'u1', 0, 3],
      ['acme', 'u2', 0, 3],
      ['', 'anon', 0, 6],
    ]);
    expect(users).toEqual([
      { userKey: 'u1', accountId: 'acme', events: ['Dashboard Viewed', 'Report Exported'] },
      { userKey: 'u2', accountId: 'acme', events: ['Dashboard Viewed', 'Report Exported'] },
      // '' is the store's "no account".
      { userKey: 'anon', accountId: null, events: ['Invoice Sent', 'Report Exported'] },
    ]);
    expect(users[0].events).toBe(users[1].events);
  });

  it('joins a pair\'s words when the window has more than 31 names', () => {
    // 40 names n00…n39: name 32 is bit 32 − 31 = 1 of word 1 (2); name 30 is bit 30 of word 0 (2³⁰).
    const names = Array.from({ length: 40 }, (_, i) => `n${String(i).padStart(2, '0')}`);
    const users = adoptionPairs(names, [
      ['acme', 'u1', 1, 2],
      ['acme', 'u1', 0, 2 ** 30 + 1],
      ['globex', 'u1', 1, 2],
    ]);
    expect(users).toEqual([
      { userKey: 'u1', accountId: 'acme', events: ['n00', 'n30', 'n32'] },
      { userKey: 'u1', accountId: 'globex', events: ['n32'] },
    ]);
  });

  it('sorts a list in JavaScript\'s string order, not the server\'s byte order', () => {
    // The server numbers 'Ａ' (U+FF21, UTF-8 EF BC A1) before '😀' (U+1F600, UTF-8 F0 9F 98 80); in
    // UTF-16 '😀' (D83D DE00) sorts first, as Array.prototype.sort puts it. Bits 3 = both names.
    const users = adoptionPairs(['Ａ', '😀'], [['acme', 'u1', 0, 3]]);
    expect(users[0].events).toEqual(['😀', 'Ａ']);
    expect(users[0].events).toEqual([...users[0].events].sort());
  });
});
