// The track events the seed data draws from, derived from the project's feature catalog:
// popularity falls off with catalog order (a few popular features, a long tail), core flags follow SPEC §6.
import type { ProjectConfig } from '../config.js';

export interface PoolFeature {
  /** The track event name sent. */
  event: string;
  /** Whether the feature it counts towards is in the core set. */
  core: boolean;
  /** Global popularity (relative weight). */
  popularity: number;
}

export interface FeaturePool {
  features: PoolFeature[];
  /** Events counted as referrals (sent by inviting admins, not drawn from the pool). */
  referralEvents: string[];
  /** Track events of core features: accounts meant to adopt no core feature never send these. */
  coreEvents: Set<string>;
}

/** Used when the config has no feature catalog: each name becomes a feature of its own. */
const FALLBACK_EVENTS = ['Invoice Created', 'Invoice Sent', 'Payment Recorded', 'Report Exported', 'Client Added', 'Reminder Scheduled', 'Expense Logged', 'Quote Created'];

/**
 * Builds the pool of feature events for a project.
 * @example buildFeaturePool(project).features[0].event // the most popular feature's event
 */
export function buildFeaturePool(project: Pick<ProjectConfig, 'features' | 'activation' | 'referral'>): FeaturePool {
  const referralEvents = [...project.referral.events];
  const referral = new Set(referralEvents);
  const catalog = project.features;
  const anyCore = catalog.some((f) => f.core);
  const entries: { events: string[]; core: boolean }[] = catalog.length
    ? catalog.map((f) => ({ events: f.events, core: anyCore ? f.core : true }))
    : FALLBACK_EVENTS.map((e) => ({ events: [e], core: true }));
  // Activation events that no entry names are features of their own (never core while a catalog exists).
  const named = new Set(entries.flatMap((e) => e.events));
  for (const event of project.activation.events) if (!named.has(event)) entries.push({ events: [event], core: catalog.length === 0 });

  const coreEvents = new Set<string>();
  for (const entry of entries) if (entry.core) for (const e of entry.events) coreEvents.add(e);

  const features: PoolFeature[] = [];
  entries
    .filter((entry) => !entry.events.every((e) => referral.has(e)))
    .forEach((entry, rank) => {
      const events = entry.events.filter((e) => !referral.has(e));
      // Zipf-like popularity by rank, split over the entry's events (the first one most used).
      const popularity = 1 / Math.pow(rank + 1, 1.15);
      events.forEach((event, i) => features.push({ event, core: entry.core, popularity: popularity / (i + 1.5) }));
    });
  return { features, referralEvents, coreEvents };
}
