import { describe, expect, it } from 'vitest';
import { atLeast, atMost, row } from './bench-row.js';
import { formatTable } from './format-table.js';
import { percentile } from './stats.js';

describe('bench rows and table', () => {
  it('decides pass/fail from the target, inclusive', () => {
    expect(row('ingest', 'x', 40_000, 'events/s', atLeast(40_000)).pass).toBe(true);
    expect(row('ingest', 'x', 39_999, 'events/s', atLeast(40_000)).pass).toBe(false);
    expect(row('reports', 'x', 100, 'ms', atMost(100)).pass).toBe(true);
    expect(row('reports', 'x', 100.1, 'ms', atMost(100)).pass).toBe(false);
    expect(row('sdk', 'x', 1, 'B').pass).toBeNull();
  });

  it('prints one line per row with value, unit, target and result, and numbered notes', () => {
    const table = formatTable([
      row('sdk', 'uptake.js gzip', 4836, 'B', atMost(5120), 'level 9'),
      row('reports', 'overview p95', 123.456, 'ms', atMost(100)),
      row('ingest', 'ratio', 0.4567, 'ratio'),
    ]).split('\n');
    expect(table[0]).toMatch(/^benchmark\s+value\s+unit\s+target\s+result$/);
    expect(table[2]).toMatch(/^sdk: uptake\.js gzip \[1\]\s+4,836\s+B\s+≤ 5,120\s+pass$/);
    expect(table[3]).toMatch(/^reports: overview p95\s+123\s+ms\s+≤ 100\s+FAIL$/);
    expect(table[4]).toMatch(/^ingest: ratio\s+0\.46\s+ratio\s+—\s+—$/);
    expect(table.at(-1)).toBe('[1] level 9');
  });

  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 1…100, shuffled order
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});
