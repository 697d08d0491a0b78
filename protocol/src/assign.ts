// Experiment assignment (SPEC §12), shared by the SDK, `/v1/experiments/assign` and the survey
// sampling (SPEC §4), so every place that assigns gives the same answer. Standalone: no imports.

/** An experiment as the SDK receives it (with `/v1/surveys`): never its metrics. */
export interface ExperimentDef {
  key: string;
  unit: 'account' | 'user';
  active: boolean;
  variants: { key: string; weight: number }[];
  /** ISO date or time; the experiment assigns from here on (inclusive). */
  start: string;
  /** ISO date or time (exclusive), or null for open-ended. */
  end: string | null;
}

export interface AssignIds {
  userId?: string | null;
  anonymousId?: string | null;
  groupId?: string | null;
}

/**
 * 32-bit FNV-1a over the UTF-16 code units of `text`, one murmur3 finaliser round, / 2^32: [0, 1).
 * @example unitHash('acme:new-export') // → the same fraction on every call, in every runtime
 */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // FNV-1a's low bits mix poorly for keys that differ in their last characters: the finaliser spreads them.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * The variant for a unit: the first whose cumulative weight share exceeds `unitHash("unit:key")`;
 * null for an inactive experiment, a time outside [start, end), or no unit id (no account in an
 * account experiment).
 * @example assignVariant(def, { groupId: 'acme' }, Date.now()) // → 'one-click'
 */
export function assignVariant(def: ExperimentDef, ids: AssignIds, now: number): string | null {
  const unit = def.unit === 'account' ? ids.groupId : ids.userId || ids.anonymousId;
  if (!def.active || !unit || now < Date.parse(def.start) || now >= Date.parse(def.end!)) return null;
  // h < 1, so some variant's cumulative weight passes h × total: the first one is the unit's.
  let h = unitHash(unit + ':' + def.key) * def.variants.reduce((total, v) => total + v.weight, 0);
  return def.variants.find((v) => (h -= v.weight) < 0)?.key ?? null;
}
