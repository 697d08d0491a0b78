import { describe, expect, it } from 'vitest';
import { textTable } from './text-table.js';

describe('text table', () => {
  it('aligns columns, rounds numbers for display and shows null as "-"', () => {
    expect(textTable(['account', 'health'], [['acme', 67.92857], ['b', null], ['c\u001b[31m', 5]])).toBe(
      ['account  health', '-------  ------', 'acme      67.93', 'b             -', 'c [31m        5', ''].join('\n'),
    );
  });
  it('prints the header without rows', () => {
    expect(textTable(['a', 'b'], [])).toBe('a  b\n-  -\n');
  });
});
