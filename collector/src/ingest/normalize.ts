// Validates and normalises wire events (SPEC §3) into `NormalizedEvent`s: pure, so the seed
// generator builds events exactly the way ingest does. A bad event is rejected alone, with a reason.
import { randomUUID } from 'node:crypto';
import { LIMITS, type RejectedEvent } from '@uptake/protocol';
import type { NormalizedEvent, StoredEventType } from '../storage/store.js';
import { parseTime, storedTime } from './skew.js';
import { surveyAnswerProblem } from '../surveys/answer-properties.js';

/** Stable machine code of a rejection (the `reason` label of uptake_events_rejected_total). */
export type RejectCode =
  | 'not_an_object'
  | 'invalid_type'
  | 'missing_user'
  | 'invalid_id'
  | 'missing_group_id'
  | 'invalid_event_name'
  | 'invalid_message_id'
  | 'invalid_timestamp'
  | 'invalid_object'
  | 'too_large'
  | 'too_deep'
  | 'invalid_survey_answer';

export type NormalizeResult = { ok: true; event: NormalizedEvent } | { ok: false; code: RejectCode; reason: string };

export interface NormalizeOptions {
  /** Server time the batch arrived (ms). */
  receivedAt: number;
  /** Batch `sentAt` (ms), or null: enables clock-skew correction. */
  sentAt: number | null;
  /**
   * Leave a context's JSON text unmade when a bound shows it within the size limit (`jsonOf` makes it
   * if a store asks): for the bulk path (`import`), which splits the context object and never reads
   * the text. `POST /v1/batch` stores the text, so serializing once to check the size is no extra work.
   */
  lazyContext?: boolean;
}

/** Longest userId / anonymousId / groupId / sessionId accepted. */
export const MAX_ID_LENGTH = 1000;

const TYPES: Record<string, StoredEventType> = {
  track: 'track',
  identify: 'identify',
  group: 'group',
  page: 'page',
  screen: 'page', // Segment's mobile page view: counted as a page
  alias: 'alias',
};

const fail = (code: RejectCode, reason: string): NormalizeResult => ({ ok: false, code, reason });

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Nesting depth of objects/arrays, the value itself counting 1; stops descending past `limit`, so the
 * recursion is at most `limit + 1` deep whatever the input.
 */
export function nestingDepth(value: unknown, limit: number = LIMITS.maxNesting): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit < 0) return 1;
  let deepest = 0;
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null) {
      const depth = nestingDepth(child, limit - 1);
      if (depth > deepest) deepest = depth;
      if (deepest > limit) break;
    }
  }
  return deepest + 1;
}

/**
 * An upper bound on the UTF-8 bytes of `JSON.stringify(value)` (a string's every unit counted as a
 * 6-byte escape, a number or literal as 24 characters), or Infinity once past `budget` (or for a
 * value whose text a walk cannot bound: `toJSON`, BigInt). Call on values of checked nesting.
 * @example jsonBytesBound({ page: { path: '/' } }, 32 * 1024) // → 68 (the text is 21 bytes)
 */
export function jsonBytesBound(value: unknown, budget: number): number {
  if (typeof value === 'string') return 2 + 6 * value.length;
  if (typeof value === 'bigint') return Infinity;
  if (typeof value !== 'object' || value === null) return 24;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return Infinity;
  let total = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      total += 1 + jsonBytesBound(item, budget - total);
      if (total > budget) return Infinity;
    }
    return total;
  }
  for (const key in value) {
    total += 4 + 6 * key.length + jsonBytesBound((value as Record<string, unknown>)[key], budget - total);
    if (total > budget) return Infinity;
  }
  return total;
}

/**
 * Checks an optional object field (properties, traits, context) against the type, nesting and size
 * limits; gives its JSON text. `lazy`: when a bound shows the object within the size limit, its text
 * is left undefined (made only if a store needs it: the bulk path never does for a context).
 */
function checkObject(name: string, value: unknown): { value: Record<string, unknown> | null; json: string | null } | { error: NormalizeResult };
function checkObject(name: string, value: unknown, lazy: boolean): { value: Record<string, unknown> | null; json: string | null | undefined } | { error: NormalizeResult };
function checkObject(name: string, value: unknown, lazy = false): { value: Record<string, unknown> | null; json: string | null | undefined } | { error: NormalizeResult } {
  if (value === undefined || value === null) return { value: null, json: null };
  if (!isPlainObject(value)) return { error: fail('invalid_object', `${name} must be an object`) };
  if (nestingDepth(value) > LIMITS.maxNesting) return { error: fail('too_deep', `${name} nested deeper than ${LIMITS.maxNesting} levels`) };
  if (lazy && jsonBytesBound(value, LIMITS.maxObjectBytes) <= LIMITS.maxObjectBytes) return { value, json: undefined };
  const json = JSON.stringify(value);
  // UTF-8 takes at most 3 bytes per UTF-16 unit: most objects are clearly small without counting.
  if (json.length * 3 > LIMITS.maxObjectBytes && Buffer.byteLength(json) > LIMITS.maxObjectBytes) {
    return { error: fail('too_large', `${name} larger than ${LIMITS.maxObjectBytes / 1024} KiB serialized`) };
  }
  return { value, json };
}

/** An id field: string or number (Segment libraries send both); absent, null or '' = none. */
function idOf(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length > MAX_ID_LENGTH) return undefined;
  return value;
}

/**
 * Validates one wire event and normalises it: type (`screen` → `page`), ids, name, limits, stored
 * time (skew-corrected, `originalTimestamp` when `timestamp` is absent), a messageId when absent,
 * and the context without any IP address.
 * @example normalizeEvent({ type: 'track', event: 'Report Exported', userId: 'u1' }, { receivedAt: Date.now(), sentAt: null })
 */
export function normalizeEvent(raw: unknown, options: NormalizeOptions): NormalizeResult {
  if (!isPlainObject(raw)) return fail('not_an_object', 'event is not an object');
  const type = typeof raw.type === 'string' ? TYPES[raw.type] : undefined;
  if (!type) return fail('invalid_type', 'type must be track, identify, group, page, screen or alias');

  const userId = idOf(raw.userId);
  // alias links previousId to userId as identify links an anonymousId (stored as the event's
  // anonymousId, so the stores link it like identify's: the earlier id's events are that user's).
  const previousId = type === 'alias' ? idOf(raw.previousId) : null;
  const anonymousId = previousId ? previousId : idOf(raw.anonymousId);
  const groupId = idOf(raw.groupId);
  if (userId === undefined || anonymousId === undefined || groupId === undefined) {
    return fail('invalid_id', `userId, anonymousId and groupId must be strings of at most ${MAX_ID_LENGTH} characters`);
  }
  if (userId === null && anonymousId === null) return fail('missing_user', 'userId or anonymousId is required');
  if (type === 'group' && groupId === null) return fail('missing_group_id', 'group requires a groupId');

  let event: string | null = null;
  if (type === 'track') {
    if (typeof raw.event !== 'string' || raw.event.length < 1 || raw.event.length > LIMITS.maxEventNameLength) {
      return fail('invalid_event_name', `track requires an event name of 1 to ${LIMITS.maxEventNameLength} characters`);
    }
    event = raw.event;
  } else if (type === 'page') {
    event = typeof raw.name === 'string' && raw.name !== '' ? raw.name.slice(0, LIMITS.maxEventNameLength) : null;
  }

  let messageId: string;
  if (raw.messageId === undefined || raw.messageId === null) {
    messageId = randomUUID(); // Segment allows it; such an event cannot be deduplicated
  } else if (typeof raw.messageId !== 'string' || raw.messageId.length < 1 || raw.messageId.length > LIMITS.maxMessageIdLength) {
    return fail('invalid_message_id', `messageId must be a string of 1 to ${LIMITS.maxMessageIdLength} characters`);
  } else messageId = raw.messageId;

  const clientTime = parseTime(raw.timestamp ?? raw.originalTimestamp);
  if (clientTime !== null && Number.isNaN(clientTime)) return fail('invalid_timestamp', 'timestamp is not a valid ISO-8601 time');

  const properties = checkObject('properties', raw.properties);
  if ('error' in properties) return properties.error;
  if (event === '$survey_answered') {
    const problem = surveyAnswerProblem(properties.value);
    if (problem) return fail('invalid_survey_answer', problem);
  }
  const traits = checkObject('traits', raw.traits);
  if ('error' in traits) return traits.error;
  const contextIn = checkObject('context', raw.context, options.lazyContext === true);
  if ('error' in contextIn) return contextIn.error;

  let context = contextIn.value;
  let contextJson = contextIn.json;
  if (context && 'ip' in context) {
    // Never store a client IP address.
    const { ip: _ip, ...rest } = context;
    context = rest;
    if (contextJson !== undefined) contextJson = JSON.stringify(rest); // else made from `context` when needed
  }
  const rawSession = context?.sessionId;
  const sessionId = typeof rawSession === 'string' && rawSession !== '' ? rawSession.slice(0, MAX_ID_LENGTH) : typeof rawSession === 'number' && Number.isFinite(rawSession) ? String(rawSession) : null;

  let props = properties.value;
  let propsJson = properties.json;
  if (type === 'alias') {
    if (previousId) {
      props = { previousId, ...props };
      propsJson = JSON.stringify(props);
    }
  }

  const eventSentAt = parseTime(raw.sentAt);
  const sentAt = eventSentAt !== null && !Number.isNaN(eventSentAt) ? eventSentAt : options.sentAt;
  return {
    ok: true,
    event: {
      messageId,
      type,
      event,
      userId,
      anonymousId,
      userKey: (userId ?? anonymousId)!,
      groupId,
      timestamp: storedTime({ timestamp: clientTime, sentAt: clientTime === null ? null : sentAt, receivedAt: options.receivedAt }),
      receivedAt: options.receivedAt,
      sessionId,
      properties: props,
      traits: traits.value,
      context,
      json: { properties: propsJson, traits: traits.json, context: contextJson },
    },
  };
}

export interface ValidatedBatch {
  /** Valid events, in batch order. */
  events: NormalizedEvent[];
  /** Index in the request's `batch` of each valid event. */
  indexes: number[];
  rejected: (RejectedEvent & { code: RejectCode })[];
}

/**
 * Validates every event of a batch: valid ones are normalised, bad ones rejected alone.
 * @example const { events, rejected } = validateBatch(body.batch, { receivedAt: Date.now(), sentAt: null })
 */
export function validateBatch(batch: unknown[], options: NormalizeOptions): ValidatedBatch {
  const out: ValidatedBatch = { events: [], indexes: [], rejected: [] };
  batch.forEach((raw, index) => {
    const result = normalizeEvent(raw, options);
    if (result.ok) {
      out.events.push(result.event);
      out.indexes.push(index);
    } else {
      const messageId = isPlainObject(raw) && typeof raw.messageId === 'string' ? raw.messageId : null;
      out.rejected.push({ index, messageId, reason: result.reason, code: result.code });
    }
  });
  return out;
}
