// Turns one parsed line of an export (Segment, PostHog, Mixpanel, Uptake) into a wire event of
// `POST /v1/batch` (SPEC §3), so an import goes through the very validation and normalisation of the
// API. Source ids become messageIds; a line without one gets a hash of its text, so a rerun is idempotent.
import { createHash } from 'node:crypto';

export const IMPORT_FORMATS = ['segment', 'posthog', 'mixpanel', 'uptake'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface MapOptions {
  /**
   * PostHog: the group type in `$groups` that is the account (default: the first one);
   * Mixpanel: the property holding the account id (default: none, events carry no account).
   */
  groupKey: string | null;
}

export type MappedLine = { ok: true; event: Record<string, unknown> } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (reason: string): MappedLine => ({ ok: false, reason });

/** A deterministic messageId for a line that carries no id of its own (identical lines are one event). */
export const lineMessageId = (text: string): string => `imp-${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;

/** Drops undefined fields, so the wire event looks like one an SDK sends. */
function compact(event: Obj): Obj {
  for (const key of Object.keys(event)) if (event[key] === undefined) delete event[key];
  return event;
}

/** Keys not starting with `$` (the sources' own bookkeeping), or undefined when none are left. */
function ownProperties(props: Obj, drop: readonly string[] = []): Obj | undefined {
  const out: Obj = {};
  let any = false;
  for (const key in props) {
    if (key.startsWith('$') || drop.includes(key)) continue;
    out[key] = props[key];
    any = true;
  }
  return any ? out : undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

function pageContext(url: unknown, path: unknown, title: unknown, referrer: unknown): Obj | undefined {
  const page = compact({ url: str(url), path: str(path), title: str(title), referrer: str(referrer) });
  return Object.keys(page).length ? page : undefined;
}

// ---- Uptake and Segment ------------------------------------------------------------------------

const withoutSentAt = ({ sentAt: _sentAt, ...event }: Obj): Obj => event;

/**
 * Uptake: each line is a wire event of `POST /v1/batch` as is. Its time is kept as given: an export's
 * times are already the stored ones, so `sentAt` (clock-skew correction at send time) is ignored.
 */
function mapUptake(line: Obj, text: string): MappedLine {
  // The parsed line is this function's own: copied only to drop a sentAt (a copy per line cost the import ~0.4 µs).
  const event = 'sentAt' in line ? withoutSentAt(line) : line;
  event.messageId ??= lineMessageId(text);
  return { ok: true, event };
}

/**
 * Segment: HTTP API calls (the wire shape) and warehouse / S3 export rows, which spell ids in
 * snake_case (`message_id`, `user_id`, `anonymous_id`, `group_id`, `original_timestamp`) and may lack
 * `type` (a row with an `event` column is a track call). Segment's `timestamp` is already corrected.
 */
function mapSegment(line: Obj, text: string): MappedLine {
  const { sentAt: _sentAt, sent_at: _sentAt2, receivedAt: _r, received_at: _r2, ...event } = line;
  event.type ??= typeof event.event === 'string' ? 'track' : undefined;
  event.messageId ??= line.message_id ?? line.id ?? lineMessageId(text);
  event.userId ??= line.user_id;
  event.anonymousId ??= line.anonymous_id;
  event.groupId ??= line.group_id;
  event.originalTimestamp ??= line.original_timestamp;
  for (const key of ['message_id', 'id', 'user_id', 'anonymous_id', 'group_id', 'original_timestamp']) delete event[key];
  return { ok: true, event: compact(event) };
}

// ---- PostHog -----------------------------------------------------------------------------------

/** The account of a PostHog event: `$groups[groupKey]`, else the first group. */
function posthogGroup(props: Obj, groupKey: string | null): string | undefined {
  const groups = props.$groups;
  if (!isObject(groups)) return undefined;
  if (groupKey !== null) return str(groups[groupKey]);
  for (const key in groups) {
    const id = str(groups[key]);
    if (id) return id;
  }
  return undefined;
}

/**
 * PostHog event exports: `event, distinct_id, timestamp, uuid, properties`. `$pageview`/`$screen` are
 * page views, `$identify`/`$set` carry person traits in `properties.$set`, `$groupidentify` carries the
 * group's traits in `$group_set`; other events are track calls. `$`-properties stay behind (page and
 * library go to the context).
 */
function mapPosthog(line: Obj, text: string, options: MapOptions): MappedLine {
  if (typeof line.event !== 'string' || line.event === '') return fail('event: required (a non-empty string)');
  const distinctId = str(line.distinct_id);
  if (!distinctId) return fail('distinct_id: required (a non-empty string or number)');
  const props = isObject(line.properties) ? line.properties : {};
  const context = compact({
    page: pageContext(props.$current_url, props.$pathname, props.title, props.$referrer),
    library: typeof props.$lib === 'string' ? compact({ name: props.$lib, version: str(props.$lib_version) }) : undefined,
    sessionId: str(props.$session_id),
  });
  const base = {
    messageId: str(line.uuid) ?? lineMessageId(text),
    userId: distinctId,
    anonymousId: str(props.$anon_distinct_id),
    groupId: posthogGroup(props, options.groupKey),
    timestamp: line.timestamp,
    context: Object.keys(context).length ? context : undefined,
  };
  switch (line.event) {
    case '$pageview':
    case '$screen':
      return { ok: true, event: compact({ ...base, type: 'page', name: str(props.$screen_name), properties: ownProperties(props, ['title']) }) };
    case '$identify':
    case '$set': {
      const traits = { ...(isObject(props.$set_once) ? props.$set_once : {}), ...(isObject(props.$set) ? props.$set : {}) };
      return { ok: true, event: compact({ ...base, type: 'identify', traits }) };
    }
    case '$groupidentify': {
      const groupId = str(props.$group_key);
      if (!groupId) return fail('properties.$group_key: required for $groupidentify');
      if (options.groupKey !== null && props.$group_type !== options.groupKey) return fail(`properties.$group_type: not the account group type "${options.groupKey}"`);
      return { ok: true, event: compact({ ...base, type: 'group', groupId, traits: isObject(props.$group_set) ? props.$group_set : {} }) };
    }
    default:
      return { ok: true, event: compact({ ...base, type: 'track', event: line.event, properties: ownProperties(props) }) };
  }
}

// ---- Mixpanel ----------------------------------------------------------------------------------

/** Mixpanel's `time`: seconds since 1970 (older exports) or milliseconds (newer ones). */
function mixpanelTime(time: unknown): string | undefined | null {
  if (time === undefined || time === null) return undefined;
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) return null;
  return new Date(time < 1e11 ? time * 1000 : time).toISOString();
}

/**
 * Mixpanel exports: `event`, `properties.{distinct_id, time, $insert_id}`. `$mp_web_page_view` is a
 * page view and `$identify` links the anonymous device to the user; other events are track calls.
 * With simplified ID merge, `$user_id` / `$device_id` name the user and the anonymous device.
 */
function mapMixpanel(line: Obj, text: string, options: MapOptions): MappedLine {
  if (typeof line.event !== 'string' || line.event === '') return fail('event: required (a non-empty string)');
  const props = isObject(line.properties) ? line.properties : null;
  if (!props) return fail('properties: required (an object with distinct_id and time)');
  const distinctId = str(props.distinct_id);
  if (!distinctId) return fail('properties.distinct_id: required (a non-empty string or number)');
  const timestamp = mixpanelTime(props.time);
  if (timestamp === null) return fail('properties.time: must be seconds or milliseconds since 1970');
  const userId = str(props.$user_id) ?? str(props.$identified_id) ?? (distinctId.startsWith('$device:') ? undefined : distinctId);
  const anonymousId = str(props.$device_id) ?? str(props.$anon_id) ?? (distinctId.startsWith('$device:') ? distinctId.slice('$device:'.length) : undefined);
  const context = compact({
    page: pageContext(props.$current_url, undefined, undefined, props.$referrer),
    library: typeof props.mp_lib === 'string' ? compact({ name: props.mp_lib, version: str(props.$lib_version) }) : undefined,
  });
  const base = {
    messageId: str(props.$insert_id) ?? lineMessageId(text),
    userId,
    anonymousId,
    groupId: options.groupKey !== null ? str(props[options.groupKey]) : undefined,
    timestamp,
    context: Object.keys(context).length ? context : undefined,
  };
  const own = ownProperties(props, ['distinct_id', 'time', 'token', 'mp_lib', 'mp_processing_time_ms', ...(options.groupKey ? [options.groupKey] : [])]);
  switch (line.event) {
    case '$mp_web_page_view':
      return { ok: true, event: compact({ ...base, type: 'page', properties: own }) };
    case '$identify':
      return { ok: true, event: compact({ ...base, type: 'identify' }) };
    default:
      return { ok: true, event: compact({ ...base, type: 'track', event: line.event, properties: own }) };
  }
}

/**
 * Maps one parsed line of an export to a wire event, or says which field is wrong.
 * @example mapLine('posthog', { event: 'Report Exported', distinct_id: 'u1', uuid: 'e1', timestamp: '2026-01-05T10:00:00Z' }, text, { groupKey: null })
 */
export function mapLine(format: ImportFormat, line: unknown, text: string, options: MapOptions): MappedLine {
  if (!isObject(line)) return fail('line is not a JSON object');
  switch (format) {
    case 'uptake':
      return mapUptake(line, text);
    case 'segment':
      return mapSegment(line, text);
    case 'posthog':
      return mapPosthog(line, text, options);
    case 'mixpanel':
      return mapMixpanel(line, text, options);
  }
}
