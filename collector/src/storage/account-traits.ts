// Pure: the typed account columns (name, plan, seats, mrr, createdAt) read from an account's
// merged `group` traits. Shared by every store so an account reads the same everywhere.

export interface AccountColumns {
  name: string | null;
  plan: string | null;
  seats: number | null;
  mrr: number | null;
  /** `createdAt` trait as ms, when parseable. */
  createdAt: number | null;
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

/** `createdAt` trait as ms: ISO string or epoch (seconds when it looks like seconds). */
export function timeOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string' && value.trim() !== '') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/**
 * The typed columns of an account from its traits.
 * @example accountColumns({ plan: 'pro', seats: '10' }) // → { name: null, plan: 'pro', seats: 10, mrr: null, createdAt: null }
 */
export function accountColumns(traits: Record<string, unknown>): AccountColumns {
  return {
    name: stringOf(traits.name),
    plan: stringOf(traits.plan),
    seats: numberOf(traits.seats),
    mrr: numberOf(traits.mrr),
    createdAt: timeOf(traits.createdAt),
  };
}
