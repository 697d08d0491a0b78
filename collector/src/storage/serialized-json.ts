// The JSON text a store writes for an event's properties, traits and context: the text ingest already
// made while checking their size (`NormalizedEvent.json`), else a fresh serialization.
import type { EventJson, NormalizedEvent } from './store.js';

/**
 * JSON text of one of an event's objects; null when it has none.
 * @example jsonOf(event, 'properties') // → '{"plan":"pro"}'
 */
export function jsonOf(e: NormalizedEvent, field: keyof EventJson): string | null {
  const known = e.json?.[field];
  if (known !== undefined) return known;
  const value = e[field];
  return value === null || value === undefined ? null : JSON.stringify(value);
}
