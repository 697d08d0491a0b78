// Remembers the JSON text of objects already serialized during validation (for the size limit), so
// the store writes that text instead of serializing every event's properties and context twice.

const cache = new WeakMap<object, string>();

/** Records `json` as the serialization of `value` (the object must not be mutated afterwards). */
export function rememberJson(value: object, json: string): void {
  cache.set(value, json);
}

/**
 * JSON text of a value, reusing a remembered serialization; null stays null.
 * @example toJson({ a: 1 }) // → '{"a":1}'
 */
export function toJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    const known = cache.get(value);
    if (known !== undefined) return known;
  }
  return JSON.stringify(value);
}
