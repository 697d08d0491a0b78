// Experiments in the SDK (SPEC §12): `variant(key)` answers synchronously from definitions kept in
// localStorage (saved from each `/v1/surveys` answer), so a later page load knows them before the
// network answers. The first non-null answer per experiment and page load tracks one exposure.
import { assignVariant, type AssignIds, type ExperimentDef } from '@uptake/protocol';
import { readValue, writeValue } from './local-store.js';
import { guard } from './log.js';

const KEY = 'uptake.exp';

/**
 * Keeps the definitions of a `/v1/surveys` answer (absent: the kept ones stay).
 * @example saveExperiments(body.experiments)
 */
export const saveExperiments = (list?: ExperimentDef[]) => list && writeValue(KEY, JSON.stringify(list));

/**
 * The `variant(key)` of a client: the variant, null for a stopped experiment or a unit without an
 * id, undefined (the facade makes it null) for an unknown experiment or any error; never throws.
 * @example const variant = createVariant(() => identity, (p) => track('$experiment_exposure', p)); variant('new-export')
 */
export function createVariant(ids: () => AssignIds, expose: (properties: { experiment: string; variant: string }) => void) {
  const exposed: Record<string, 1> = {};
  return guard((key: string): string | null => {
    // An unknown key (or nothing kept yet) throws inside: guard turns that into undefined.
    const variant = assignVariant((JSON.parse(readValue(KEY)!) as ExperimentDef[]).find((d) => d.key == key)!, ids(), Date.now());
    if (variant && !exposed[key]) {
      exposed[key] = 1;
      expose({ experiment: key, variant });
    }
    return variant;
  });
}
