// One id per showing of a survey, shared by its `$survey_shown`, `$survey_answered` and `$survey_dismissed`.

/**
 * A random UUID v4 (crypto.randomUUID exists only on secure origins, so build one where it is missing).
 * @example newResponseId() // → '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function newResponseId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
