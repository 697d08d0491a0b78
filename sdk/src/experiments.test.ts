// variant() over kept definitions (node has no localStorage: local-store keeps them in memory).
import { describe, expect, it } from 'vitest';
import { createVariant, saveExperiments } from './experiments.js';
import type { ExperimentDef } from '@uptake/protocol';

const def: ExperimentDef = {
  key: 'new-export', unit: 'account', active: true, start: '2026-03-01', end: null,
  variants: [{ key: 'control', weight: 50 }, { key: 'one-click', weight: 50 }],
};

describe('variant()', () => {
  it('answers from kept definitions and tracks one exposure per experiment and page load', () => {
    const exposures: unknown[] = [];
    let ids: { groupId?: string } = {};
    const variant = createVariant(() => ids, (p) => exposures.push(p));
    saveExperiments(undefined); // nothing kept yet
    expect(variant('new-export') ?? null).toBeNull();
    saveExperiments([def]);
    // No account yet in an account experiment: null, no exposure.
    expect(variant('new-export')).toBeNull();
    expect(exposures).toEqual([]);
    // acme hashes to 0.0855 < 0.5 → control (assign.test.ts); globex 0.834 → one-click.
    ids = { groupId: 'acme' };
    expect(variant('new-export')).toBe('control');
    expect(variant('new-export')).toBe('control');
    ids = { groupId: 'globex' };
    expect(variant('new-export')).toBe('one-click');
    expect(exposures).toEqual([{ experiment: 'new-export', variant: 'control' }]);
    // Unknown experiments and odd keys: nothing thrown, nothing tracked.
    expect(variant('nope') ?? null).toBeNull();
    expect(variant(42 as unknown as string) ?? null).toBeNull();
    // A later "page load" (a new client) knows the kept definitions at once and exposes again, once.
    const next = createVariant(() => ids, (p) => exposures.push(p));
    expect(next('new-export')).toBe('one-click');
    expect(exposures).toHaveLength(2);
    // An answer without `experiments` (an older collector) keeps what was kept.
    saveExperiments(undefined);
    expect(next('new-export')).toBe('one-click');
  });
});
