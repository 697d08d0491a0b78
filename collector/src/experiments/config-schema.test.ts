import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';

const project = { id: 'demo', writeKey: 'wk_demo', secretKey: 'sk_demo_change_me' };
const experiment = {
  key: 'new-export', name: 'One-click export', unit: 'account', active: true,
  variants: [{ key: 'control', weight: 50 }, { key: 'one-click', weight: 50 }],
  metrics: ['feature:reports.export', 'activation', 'retention', 'nps', 'csat', 'activeUsers'],
  start: '2026-03-01', end: null,
};
const parse = (experiments: unknown[]) => parseConfig({ projects: [{ ...project, experiments }] }, 'cfg', () => {});
const error = (experiments: unknown[]) => {
  try {
    parse(experiments);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
};

describe('experiments config (SPEC §12)', () => {
  it('accepts SPEC’s example and fills defaults', () => {
    expect(parse([experiment]).projects[0].experiments[0]).toEqual(experiment);
    const minimal = parse([{ key: 'k', variants: [{ key: 'a', weight: 1 }], start: '2026-03-01' }]).projects[0].experiments[0];
    expect(minimal).toMatchObject({ name: 'k', unit: 'account', active: true, metrics: [], end: null });
    expect(parseConfig({ projects: [project] }).projects[0].experiments).toEqual([]);
  });

  it('names the bad field', () => {
    expect(error([{ ...experiment, metrics: ['revenue'] }])).toMatch(/projects\[0\]\.experiments\[0\]\.metrics\[0\]: unknown metric/);
    expect(error([{ ...experiment, variants: [{ key: 'a', weight: 0 }] }])).toMatch(/experiments\[0\]\.variants\[0\]\.weight/);
    expect(error([{ ...experiment, variants: [{ key: 'a', weight: -1 }] }])).toMatch(/experiments\[0\]\.variants\[0\]\.weight/);
    expect(error([{ ...experiment, variants: [{ key: 'a', weight: 1 }, { key: 'a', weight: 1 }] }])).toMatch(/experiments\[0\]\.variants\[1\]\.key: duplicate variant key "a"/);
    expect(error([experiment, { ...experiment }])).toMatch(/experiments\[1\]\.key: duplicate experiment key "new-export"/);
    expect(error([{ ...experiment, unit: 'team' }])).toMatch(/experiments\[0\]\.unit/);
    expect(error([{ ...experiment, start: 'March' }])).toMatch(/experiments\[0\]\.start/);
    expect(error([{ ...experiment, end: '2026-02-01' }])).toMatch(/experiments\[0\]\.end: must be after start/);
    expect(error([{ ...experiment, variants: [] }])).toMatch(/experiments\[0\]\.variants/);
  });
});
