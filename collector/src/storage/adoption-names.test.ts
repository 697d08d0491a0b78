import { describe, expect, it } from 'vitest';
import { namesSince } from './adoption-names.js';

describe('namesSince', () => {
  const names: [number, string][] = [[0, 'Dashboard Viewed'], [1, 'Report Exported'], [2, 'Invoice Sent']];

  it('keeps each pair\'s names last used on or after the first day, sorted, and shares one list between pairs with the same names', () => {
    // From day 100: u1 used 0 (day 100) and 1 (day 105) → both; u2 used 0 (day 101), 1 (day 120) and
    // 2 (day 99, before) → 0 and 1, the same list; anon used 1 and 2 (days 130, 100) → sorted
    // 'Invoice Sent' < 'Report Exported'; old used 0 on day 99 only → no row.
    const users = namesSince([
      ['acme', 'u1', '0:100 1:105'],
      ['acme', 'u2', '2:99 1:120 0:101'],
      ['', 'anon', '1:130 2:100'],
      ['acme', 'old', '0:99'],
    ], names, 100);
    expect(users).toEqual([
      { userKey: 'u1', accountId: 'acme', events: ['Dashboard Viewed', 'Report Exported'] },
      { userKey: 'u2', accountId: 'acme', events: ['Dashboard Viewed', 'Report Exported'] },
      // '' is the store's "no account".
      { userKey: 'anon', accountId: null, events: ['Invoice Sent', 'Report Exported'] },
    ]);
    expect(users[0].events).toBe(users[1].events);
  });

  it('lists names numbered past 31 (no single mask holds them) and days before 1970', () => {
    // 40 names n00…n39: u1 used 0, 30, 32 and 39 (day -5, before day -3); globex's u1 used 32 alone.
    const many = Array.from({ length: 40 }, (_, i): [number, string] => [i, `n${String(i).padStart(2, '0')}`]);
    const users = namesSince([
      ['acme', 'u1', '32:-2 0:-3 39:-5 30:10'],
      ['globex', 'u1', '32:0'],
      ['globex', 'u2', '32:-1'],
    ], many, -3);
    expect(users).toEqual([
      { userKey: 'u1', accountId: 'acme', events: ['n00', 'n30', 'n32'] },
      { userKey: 'u1', accountId: 'globex', events: ['n32'] },
      { userKey: 'u2', accountId: 'globex', events: ['n32'] },
    ]);
    expect(users[1].events).toBe(users[2].events);
  });

  it('sorts a list in JavaScript\'s string order, whatever the numbers\' order', () => {
    // 'Ａ' (U+FF21) is number 0 and '😀' (U+1F600) number 1; in UTF-16 '😀' (D83D DE00) sorts first,
    // as Array.prototype.sort puts it.
    const users = namesSince([['acme', 'u1', '0:5 1:5']], [[0, 'Ａ'], [1, '😀']], 0);
    expect(users[0].events).toEqual(['😀', 'Ａ']);
  });

  it('fails loudly on a number the names table does not hold', () => {
    expect(() => namesSince([['acme', 'u1', '7:5']], names, 0)).toThrow(/number 7/);
  });
});
