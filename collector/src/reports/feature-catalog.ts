// Maps track event names to features (SPEC §6): catalog entries group event names; any other track
// name not starting with `$` is a feature of its own; the core set decides breadth.
import type { FeatureConfig } from '../config.js';

export interface Feature {
  key: string;
  name: string;
  /** In the core set (the denominator of breadth). */
  core: boolean;
  /** Defined in the config's `features` (false: an un-cataloged event name). */
  cataloged: boolean;
}

export interface FeatureCatalog {
  /** Catalog entries in config order, then un-cataloged names seen, sorted. */
  features: Feature[];
  /** Event name → the features it counts for (a name may sit in several entries). */
  featuresOfEvent(event: string): Feature[];
  coreSize: number;
}

/**
 * Feature: a catalog entry groups event names; a track event name that no entry names and that does
 * not start with `$` is a feature of its own (key = name). Core set: catalog entries marked core,
 * else all catalog entries, else all features seen.
 * @example buildFeatureCatalog([], ['Chart Created']).features[0] // { key: 'Chart Created', core: true, … }
 */
export function buildFeatureCatalog(catalog: FeatureConfig[], seenEvents: Iterable<string>): FeatureCatalog {
  const anyMarkedCore = catalog.some((f) => f.core);
  const byKey = new Map<string, Feature>();
  const byEvent = new Map<string, Feature[]>();
  for (const entry of catalog) {
    let feature = byKey.get(entry.key);
    if (!feature) {
      feature = { key: entry.key, name: entry.name, core: anyMarkedCore ? entry.core : true, cataloged: true };
      byKey.set(entry.key, feature);
    }
    for (const event of entry.events) {
      const list = byEvent.get(event) ?? [];
      if (!list.includes(feature)) list.push(feature);
      byEvent.set(event, list);
    }
  }
  const extra: Feature[] = [];
  for (const event of new Set(seenEvents)) {
    if (event.startsWith('$') || byEvent.has(event)) continue;
    // A name equal to a catalog key joins that entry rather than making a second feature with the same key.
    const feature = byKey.get(event) ?? { key: event, name: event, core: catalog.length === 0, cataloged: false };
    if (!byKey.has(event)) {
      byKey.set(event, feature);
      extra.push(feature);
    }
    byEvent.set(event, [feature]);
  }
  extra.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const features = [...byKey.values()].filter((f) => f.cataloged).concat(extra);
  return {
    features,
    featuresOfEvent: (event) => byEvent.get(event) ?? [],
    coreSize: features.filter((f) => f.core).length,
  };
}
