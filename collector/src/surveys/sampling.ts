// Deterministic survey sampling (SPEC §4): the same (user, survey) always lands in the same bucket,
// so a user is either in a survey's sample or not, on every call and every collector.

/**
 * FNV-1a (32-bit) of `${userId}:${surveyId}`, mapped to [0, 1).
 * @example sampleBucket('user-42', 'nps-2026') // → 0.37… on every call
 */
export function sampleBucket(sampleId: string, surveyId: string): number {
  const text = `${sampleId}:${surveyId}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // FNV-1a's low bits mix poorly for short keys that differ only in their last characters;
  // one murmur3 finaliser round spreads them before we take the value as a fraction.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}

/**
 * Whether a user is in a survey's sample: `sampleBucket(id, surveyId) < sampleRate`.
 * @example inSample('user-42', 'nps-2026', 1) // → true (rate 1 takes everyone)
 */
export function inSample(sampleId: string, surveyId: string, sampleRate: number): boolean {
  return sampleBucket(sampleId, surveyId) < sampleRate;
}
