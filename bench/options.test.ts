import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './options.js';

describe('bench flags', () => {
  it('runs every part, full size, by default', () => {
    expect(parseBenchArgs([], 'r.json')).toEqual({ parts: ['ingest', 'reports', 'sdk'], quick: false, out: 'r.json' });
  });

  it('takes --only as a comma list or repeated, in table order', () => {
    expect(parseBenchArgs(['--only', 'sdk,ingest'])).toMatchObject({ parts: ['ingest', 'sdk'] });
    expect(parseBenchArgs(['--only', 'reports', '--only', 'ingest', '--quick'])).toMatchObject({ parts: ['ingest', 'reports'], quick: true });
  });

  it('names an unknown part or flag', () => {
    expect(() => parseBenchArgs(['--only', 'ingest,dashboard'])).toThrow('--only: unknown part "dashboard"');
    expect(() => parseBenchArgs(['--fast'])).toThrow(/fast/);
  });
});
