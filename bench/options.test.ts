import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './options.js';

describe('bench flags', () => {
  it('runs every part, full size, by default', () => {
    expect(parseBenchArgs([], 'r.json')).toEqual({ parts: ['ingest', 'reports', 'scale', 'sdk'], quick: false, out: 'r.json', store: 'sqlite', accounts: null });
  });

  it('takes --only as a comma list or repeated, in table order', () => {
    expect(parseBenchArgs(['--only', 'sdk,ingest'])).toMatchObject({ parts: ['ingest', 'sdk'] });
    expect(parseBenchArgs(['--only', 'reports', '--only', 'ingest', '--quick'])).toMatchObject({ parts: ['ingest', 'reports'], quick: true });
  });

  it('runs the PostgreSQL part with --store postgres, at the size --accounts gives', () => {
    expect(parseBenchArgs(['--store', 'postgres', '--accounts', '15'])).toMatchObject({ parts: ['postgres'], store: 'postgres', accounts: 15 });
    expect(() => parseBenchArgs(['--store', 'mysql'])).toThrow('--store: unknown store "mysql"');
    expect(() => parseBenchArgs(['--accounts', '0'])).toThrow('--accounts: must be a whole number ≥ 1, got "0"');
  });

  it('names an unknown part or flag', () => {
    expect(() => parseBenchArgs(['--only', 'ingest,dashboard'])).toThrow('--only: unknown part "dashboard"');
    expect(() => parseBenchArgs(['--fast'])).toThrow(/fast/);
  });
});
