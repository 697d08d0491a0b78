// What the SDK and `/v1/experiments/assign` know of an experiment (SPEC §12): never its metrics.
import type { ProjectConfig } from '../config.js';
import { assignVariant, type AssignIds, type ExperimentDef } from '@uptake/protocol';

/**
 * The experiment definitions sent with `/v1/surveys` as `experiments`.
 * @example experimentDefs(project) // → [{ key: 'new-export', unit: 'account', active: true, variants, start, end }]
 */
export function experimentDefs(project: ProjectConfig): ExperimentDef[] {
  return project.experiments.map(({ key, unit, active, variants, start, end }) => ({ key, unit, active, variants: variants.map(({ key, weight }) => ({ key, weight })), start, end }));
}

/**
 * Every experiment's variant for these ids at `now`: the same answer the SDK's `variant()` gives.
 * @example assignAll(project, { groupId: 'acme' }, Date.now()) // → { 'new-export': 'control' }
 */
export function assignAll(project: ProjectConfig, ids: AssignIds, now: number): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const def of experimentDefs(project)) out[def.key] = assignVariant(def, ids, now);
  return out;
}
