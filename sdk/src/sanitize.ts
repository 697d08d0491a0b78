// Turns whatever a host page passes as properties or traits into plain JSON the collector accepts
// (SPEC §3 limits): never throws on odd values, never sends one the collector would reject.
// Size: JSON.stringify does the walk (toJSON, functions, symbols, undefined, NaN) and a replacer adds
// the rest, about 120 B gzip less than a hand-written walk.
import { LIMITS } from '@uptake/protocol';

/** Longer strings are cut: a stray 1 MB string should not cost the whole event. */
export const MAX_STRING_LENGTH = 8192;

/**
 * `value` as JSON text (undefined when nothing is left): functions, symbols and undefined are left
 * out (null inside arrays), BigInt becomes a string, NaN and ±Infinity become null, `toJSON` is
 * honoured (Dates; an object whose toJSON gives an object with toJSON again is left out), cycles and
 * objects nested deeper than LIMITS.maxNesting are left out, long strings are cut.
 * @example toJson({ a: 1n, b: () => 1, c: 'x' }) // '{"a":"1","c":"x"}'
 */
export function toJson(value: unknown): string | undefined {
  // The objects from the root down to the one being written: JSON.stringify calls the replacer with
  // the holder as `this`, so everything above the holder is finished.
  const path: unknown[] = [];
  return JSON.stringify(value, function (this: unknown, _key, item: unknown) {
    while (path.length && path[path.length - 1] !== this) path.pop();
    if (typeof item == 'bigint') return String(item);
    if (typeof item == 'string') return item.slice(0, MAX_STRING_LENGTH);
    if (item && typeof item == 'object') {
      if (path.length >= LIMITS.maxNesting || path.includes(item) || typeof (item as { toJSON?: unknown }).toJSON == 'function') return;
      path.push(item);
    }
    return item;
  });
}

/**
 * Whether an object holds only null, booleans, finite numbers and strings up to MAX_STRING_LENGTH
 * (most properties): its JSON needs no replacer, which costs a call per value.
 */
const flat = (value: object) => {
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    const type = typeof item;
    if (!(item === null || type == 'boolean' || (type == 'number' ? isFinite(item as number) : type == 'string' && (item as string).length <= MAX_STRING_LENGTH))) return false;
  }
  // A toJSON of its own (a Date…) is for toJson to follow.
  return !('toJSON' in value);
};

/**
 * A properties/traits argument as JSON text (events are built as text: no objects to clone or keep).
 * Anything but a plain-ish object gives `{}`; a result still larger than LIMITS.maxObjectBytes gives
 * `null` (the caller drops the event, as the collector would).
 * @example cleanJson(undefined) // '{}'
 */
export function cleanJson(value: unknown): string | null {
  let json = typeof value == 'object' && value && !Array.isArray(value) && (flat(value) ? JSON.stringify(value) : toJson(value));
  // Not an object, or one whose toJSON gave no object (a Date): no properties.
  if (!json || json[0] != '{') json = '{}';
  // UTF-8 is at most 3 bytes per UTF-16 unit here, so most objects skip the exact count.
  return json.length * 3 > LIMITS.maxObjectBytes && new Blob([json]).size > LIMITS.maxObjectBytes ? null : json;
}

/**
 * A usable id or name: a non-empty string (numbers are turned into strings), cut to `max`; else undefined.
 * @example cleanName(42) // '42'
 */
export function cleanName(value: unknown, max: number = LIMITS.maxEventNameLength): string | undefined {
  if (typeof value == 'number' && isFinite(value)) value = String(value);
  return typeof value == 'string' && value ? value.slice(0, max) : undefined;
}
