// Deterministic survey sampling (SPEC §4): the same (user, survey) always lands in the same bucket,
// so a user is either in a survey's sample or not, on every call and every collector. The hash is
// the one experiments assign with (SPEC §12), kept in one place shared with the SDK.
import { unitHash } from '@uptake/protocol';

/**
 * FNV-1a (32-bit) of `${userId}:${surveyId}` with a murmur3 finaliser, mapped to [0, 1).
 * @example sampleBucket('user-42', 'nps-2026') // → 0.67… on every call
 */
export function sampleBucket(sampleId: string, surveyId: string): number {
  return unitHash(`${sampleId}:${surveyId}`);
}

/**
 * Whether a user is in a survey's sample: `sampleBucket(id, surveyId) < sampleRate`.
 * @example inSample('user-42', 'nps-2026', 1) // → true (rate 1 takes everyone)
 */
export function inSample(sampleId: string, surveyId: string, sampleRate: number): boolean {
  return sampleBucket(sampleId, surveyId) < sampleRate;
}
