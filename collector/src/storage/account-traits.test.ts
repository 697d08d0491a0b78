import { describe, expect, it } from 'vitest';
import { accountColumns } from './account-traits.js';

describe('accountColumns', () => {
  it('reads typed columns from traits: numeric strings, ISO or epoch-seconds createdAt', () => {
    expect(accountColumns({ name: 'Acme', plan: 'pro', seats: '12', mrr: 99.5, createdAt: '2025-12-01T00:00:00Z' })).toEqual({
      name: 'Acme', plan: 'pro', seats: 12, mrr: 99.5, createdAt: Date.UTC(2025, 11, 1),
    });
    expect(accountColumns({ plan: 3, seats: 'many', mrr: '', createdAt: 1_764_547_200 })).toEqual({
      name: null, plan: '3', seats: null, mrr: null, createdAt: 1_764_547_200_000,
    });
  });
});
