import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.js';

describe('CSV', () => {
  it('writes the header row even without rows', () => {
    expect(toCsv(['accountId', 'health'], [])).toBe('accountId,health\r\n');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(toCsv(['name', 'n'], [['Acme, Inc.', 3], ['say "hi"', 1.5], ['two\nlines', null]])).toBe(
      'name,n\r\n"Acme, Inc.",3\r\n"say ""hi""",1.5\r\n"two\nlines",\r\n',
    );
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
  ])('neutralises the formula %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('keeps computed numbers as numbers, negative ones included, rounded for display', () => {
    expect(csvCell(-20)).toBe('-20');
    expect(csvCell(1 / 3)).toBe('0.3333');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(undefined)).toBe('');
  });
});
