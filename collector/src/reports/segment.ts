// SPEC §10 segment filters: which accounts a report keeps. Parameters combine with AND, the values
// of one with OR; the report is then computed as if the project held only those accounts.
import { UptakeError } from '../errors.js';
import type { AccountRecord } from '../storage/store.js';
import { healthBand, RISKS, type Risk } from './health-metrics.js';
import { parseDay } from './window.js';
import { DAY_MS } from '../storage/store.js';

export const HEALTH_BANDS = ['healthy', 'neutral', 'at_risk'] as const;
export type HealthBandName = (typeof HEALTH_BANDS)[number];

/** The applied filters, echoed as each report's `segment` (`{}` when none). */
export interface Segment {
  plan?: string[];
  health?: HealthBandName[];
  risk?: Risk[];
  accounts?: string[];
  firstSeenFrom?: string;
  firstSeenTo?: string;
  [trait: `trait.${string}`]: string[];
}

/** The segment parameters other than `trait.<name>`. */
export const SEGMENT_PARAMS = ['plan', 'health', 'risk', 'accounts', 'firstSeenFrom', 'firstSeenTo'] as const;

/** True for a query parameter that is a segment filter. */
export function isSegmentParam(name: string): boolean {
  return (SEGMENT_PARAMS as readonly string[]).includes(name) || (name.startsWith('trait.') && name.length > 'trait.'.length);
}

function valuesOf(name: string, raw: readonly string[]): string[] {
  const values = [...new Set(raw.flatMap((r) => r.split(',')).map((v) => v.trim()).filter((v) => v !== ''))];
  if (values.length === 0) throw new UptakeError('invalid_request', `${name} needs at least one value`);
  return values;
}

/**
 * Reads the segment filters of a request (each parameter's repeated values joined); throws a 400
 * naming a bad band, risk or date.
 * @example parseSegment({ plan: ['pro,enterprise'], 'trait.region': ['eu'] }) // { plan: ['pro', 'enterprise'], 'trait.region': ['eu'] }
 */
export function parseSegment(params: Readonly<Record<string, readonly string[]>>): Segment {
  const segment: Segment = {};
  for (const [name, raw] of Object.entries(params)) {
    if (!isSegmentParam(name)) continue;
    if (name === 'firstSeenFrom' || name === 'firstSeenTo') {
      const value = raw[raw.length - 1]?.trim() ?? '';
      parseDay(value, name);
      segment[name] = value;
      continue;
    }
    const values = valuesOf(name, raw);
    if (name === 'health') {
      const bad = values.find((v) => !(HEALTH_BANDS as readonly string[]).includes(v));
      if (bad !== undefined) throw new UptakeError('invalid_request', `health: unknown band "${bad}" (expected ${HEALTH_BANDS.join(', ')})`);
      segment.health = values as HealthBandName[];
    } else if (name === 'risk') {
      const bad = values.find((v) => !(RISKS as readonly string[]).includes(v));
      if (bad !== undefined) throw new UptakeError('invalid_request', `risk: unknown risk "${bad}" (expected ${RISKS.join(', ')})`);
      segment.risk = values as Risk[];
    } else if (name === 'plan' || name === 'accounts') segment[name] = values;
    else segment[name as `trait.${string}`] = values;
  }
  return segment;
}

export const isEmptySegment = (segment: Segment): boolean => Object.keys(segment).length === 0;

/** Segment filters that need the window's health and risks of each account. */
export const needsAccountRows = (segment: Segment): boolean => segment.health !== undefined || segment.risk !== undefined;

/** The band of a health score (null health is in none). */
export function healthBandOf(health: number | null): HealthBandName | null {
  const band = healthBand(health);
  return band === 'atRisk' ? 'at_risk' : band;
}

/** A trait value as text: strings as they are, numbers and booleans printed, objects as JSON. */
function traitTexts(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => traitTexts(v));
  return [typeof value === 'object' ? JSON.stringify(value) : String(value)];
}

/**
 * The ids of the accounts a segment keeps; `rows` gives each account's health and risks in the
 * window (accounts without a row, i.e. inactive, match no health band or risk).
 * @example selectAccounts({ plan: ['pro'] }, accounts) // Set { 'acme' }
 */
export function selectAccounts(
  segment: Segment, accounts: Iterable<AccountRecord>, rows: ReadonlyMap<string, { health: number | null; risks: readonly Risk[] }> = new Map(),
): Set<string> {
  const from = segment.firstSeenFrom === undefined ? -Infinity : parseDay(segment.firstSeenFrom, 'firstSeenFrom') * DAY_MS;
  const to = segment.firstSeenTo === undefined ? Infinity : parseDay(segment.firstSeenTo, 'firstSeenTo', 'up') * DAY_MS;
  const traits = Object.entries(segment).filter(([k]) => k.startsWith('trait.')).map(([k, v]) => [k.slice('trait.'.length), new Set(v as string[])] as const);
  const plans = segment.plan && new Set(segment.plan);
  const ids = segment.accounts && new Set(segment.accounts);
  const kept = new Set<string>();
  for (const a of accounts) {
    if (plans && (a.plan === null || !plans.has(a.plan))) continue;
    if (ids && !ids.has(a.accountId)) continue;
    if (a.firstSeen < from || a.firstSeen >= to) continue;
    if (!traits.every(([name, values]) => traitTexts(a.traits[name]).some((t) => values.has(t)))) continue;
    const row = rows.get(a.accountId);
    if (segment.health) {
      const band = healthBandOf(row?.health ?? null);
      if (band === null || !segment.health.includes(band)) continue;
    }
    if (segment.risk && !row?.risks.some((r) => segment.risk!.includes(r))) continue;
    kept.add(a.accountId);
  }
  return kept;
}
