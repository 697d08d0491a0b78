// Turns whatever a host page passes as properties or traits into plain JSON the collector accepts
// (SPEC §3 limits): never throws on odd values, never sends one the collector would reject.
import { LIMITS } from '@uptake/protocol';

/** Longer strings are cut: a stray 1 MB string should not cost the whole event. */
export const MAX_STRING_LENGTH = 8192;

/**
 * A JSON-safe copy of `value`: functions, symbols and undefined are left out (null inside arrays),
 * BigInt becomes a string, NaN and ±Infinity become null, `toJSON` is honoured (Dates), cycles and
 * objects nested deeper than LIMITS.maxNesting are left out, long strings are cut.
 * @example clean({ a: 1n, b: () => 1, c: 'x' }) // { a: '1', c: 'x' }
 */
export function clean(value: unknown, depth = 0, parents: Set<object> = new Set()): unknown {
  switch (typeof value) {
    case 'string':
      return value.length > MAX_STRING_LENGTH ? value.slice(0, MAX_STRING_LENGTH) : value;
    case 'number':
      return isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return String(value);
    case 'object': {
      if (value === null) return null;
      if (depth >= LIMITS.maxNesting || parents.has(value)) return undefined;
      // depth + 1: a toJSON returning its own object cannot recurse forever.
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return clean((value as { toJSON(): unknown }).toJSON(), depth + 1, parents);
      parents.add(value);
      let out: unknown;
      if (Array.isArray(value)) {
        out = value.map((item) => clean(item, depth + 1, parents) ?? null);
      } else {
        const copy: Record<string, unknown> = {};
        for (const key of Object.keys(value)) {
          const item = clean((value as Record<string, unknown>)[key], depth + 1, parents);
          if (item !== undefined) copy[key] = item;
        }
        out = copy;
      }
      parents.delete(value);
      return out;
    }
    default:
      return undefined;
  }
}

/**
 * Cleans a properties/traits argument. Anything but a plain-ish object gives `{}`; a result still
 * larger than LIMITS.maxObjectBytes gives `null` (the caller drops the event, as the collector would).
 * @example cleanObject(undefined) // {}
 */
export function cleanObject(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out = clean(value) as Record<string, unknown> | undefined;
  if (!out) return {};
  const json = JSON.stringify(out);
  // UTF-8 is at most 3 bytes per UTF-16 unit here, so most objects skip the exact count.
  if (json.length * 3 > LIMITS.maxObjectBytes && new TextEncoder().encode(json).length > LIMITS.maxObjectBytes) return null;
  return out;
}

/**
 * A usable id or name: a non-empty string (numbers are turned into strings), cut to `max`; else undefined.
 * @example cleanName(42) // '42'
 */
export function cleanName(value: unknown, max: number = LIMITS.maxEventNameLength): string | undefined {
  if (typeof value === 'number' && isFinite(value)) value = String(value);
  return typeof value === 'string' && value ? value.slice(0, max) : undefined;
}
