import { describe, expect, it } from 'vitest';
import { buildFeatureCatalog } from './feature-catalog.js';

const entry = (key: string, events: string[], core = false) => ({ key, name: key.toUpperCase(), events, core });

describe('feature catalog', () => {
  it('groups cataloged names and makes every other non-$ name its own feature', () => {
    const c = buildFeatureCatalog([entry('export', ['Report Exported', 'CSV Downloaded'], true)], ['CSV Downloaded', 'Chart Created', '$pageview']);
    expect(c.features.map((f) => [f.key, f.name, f.core, f.cataloged])).toEqual([
      ['export', 'EXPORT', true, true],
      ['Chart Created', 'Chart Created', false, false],
    ]);
    expect(c.featuresOfEvent('CSV Downloaded').map((f) => f.key)).toEqual(['export']);
    expect(c.featuresOfEvent('$pageview')).toEqual([]);
    expect(c.coreSize).toBe(1);
  });

  it('takes every catalog entry as core when none is marked core', () => {
    const c = buildFeatureCatalog([entry('a', ['A']), entry('b', ['B'])], ['Z']);
    expect(c.features.map((f) => [f.key, f.core])).toEqual([['a', true], ['b', true], ['Z', false]]);
    expect(c.coreSize).toBe(2);
  });

  it('takes every feature seen as core without a catalog', () => {
    const c = buildFeatureCatalog([], ['B', 'A', 'B']);
    expect(c.features.map((f) => [f.key, f.core])).toEqual([['A', true], ['B', true]]);
    expect(c.coreSize).toBe(2);
  });

  it('has an empty core set when nothing is cataloged or seen', () => {
    expect(buildFeatureCatalog([], []).coreSize).toBe(0);
  });

  it('counts an event named by two entries for both', () => {
    const c = buildFeatureCatalog([entry('a', ['X']), entry('b', ['X', 'Y'])], ['X']);
    expect(c.featuresOfEvent('X').map((f) => f.key)).toEqual(['a', 'b']);
  });
});
