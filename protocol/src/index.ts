// The wire protocol between the SDK, the survey widget and the collector (SPEC §3, §4).
// One source of truth: every part imports its types and limits from here. Keep it free of code.

/** Event types the collector stores. `screen` is counted as `page`; `alias` is stored only. */
export type EventType = 'track' | 'identify' | 'group' | 'page' | 'screen' | 'alias';

export interface EventContext {
  page?: { url?: string; path?: string; title?: string; referrer?: string; search?: string };
  userAgent?: string;
  locale?: string;
  library?: { name: string; version: string };
  /** Browser session id: ends after 30 minutes without an SDK call in any tab. */
  sessionId?: string;
  [key: string]: unknown;
}

/** One event as sent on the wire (Segment spec fields; unknown fields are ignored). */
export interface WireEvent {
  type: EventType;
  /** ≤ 100 chars; the SDK uses UUIDv7. Optional for server libraries (then not deduplicable). */
  messageId?: string;
  /** ISO-8601 client time. */
  timestamp?: string;
  /** Segment's client time, used when `timestamp` is absent. */
  originalTimestamp?: string;
  userId?: string | null;
  anonymousId?: string | null;
  /** The customer account. */
  groupId?: string | null;
  /** track: the event name (1..200 chars). */
  event?: string;
  /** page: the page name. */
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: EventContext;
  /** alias: the previous id. */
  previousId?: string;
}

/** `POST /v1/batch` body (Segment HTTP Tracking API batch call). */
export interface BatchRequest {
  writeKey?: string;
  /** ISO-8601 client time of sending; enables clock-skew correction. */
  sentAt?: string;
  batch: WireEvent[];
}

export interface RejectedEvent {
  index: number;
  messageId: string | null;
  reason: string;
}

/** `200` answer of `POST /v1/batch`: every event of the batch is in exactly one of the three. */
export interface BatchResponse {
  accepted: number;
  duplicates: number;
  rejected: RejectedEvent[];
}

/** Every error answer of the collector. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

export type ErrorCode =
  | 'invalid_body'
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden_origin'
  | 'payload_too_large'
  | 'rate_limited'
  | 'storage_unavailable'
  | 'not_found'
  | 'internal';

export const LIMITS = {
  /** Request body, measured after decompression. */
  maxBodyBytes: 1024 * 1024,
  maxBatchEvents: 1000,
  maxMessageIdLength: 100,
  maxEventNameLength: 200,
  /** properties / traits / context, serialized, each. */
  maxObjectBytes: 32 * 1024,
  maxNesting: 8,
  /** Browsers refuse keepalive bodies above 64 KiB in flight. */
  keepaliveBytes: 64 * 1024,
} as const;

/** Event names starting with `$` are reserved for Uptake itself. */
export const RESERVED = {
  surveyShown: '$survey_shown',
  surveyDismissed: '$survey_dismissed',
  surveyAnswered: '$survey_answered',
  queueDropped: '$queue_dropped',
  pageview: '$pageview',
} as const;

/** `nps` 0–10, `csat` 1–5, `ces` 1–7 ("how easy"), `choice` one of `choices` (SPEC §13). */
export type SurveyKind = 'nps' | 'csat' | 'ces' | 'choice';

/** A survey text, or the same text per locale (`{ "en": "…", "fr": "…" }`, SPEC §13). */
export type LocalizedText = string | Record<string, string>;

/** One option of a `choice` survey. */
export interface SurveyChoice {
  key: string;
  label: LocalizedText;
}

/** Properties of `$survey_shown`, `$survey_answered`, `$survey_dismissed`. */
export interface SurveyEventProperties {
  surveyId: string;
  kind: SurveyKind;
  responseId: string;
  /** `$survey_answered` only: 0–10 for NPS, 1–5 for CSAT, 1–7 for CES. */
  score?: number;
  /** `$survey_answered` of a `choice` survey: the picked key (`other` for the free-text option). */
  choice?: string;
  comment?: string;
}

export type SurveyTrigger = { event: string } | { delaySeconds: number } | null;

/** A survey as the SDK and widget receive it from `GET /v1/surveys`. */
export interface SurveyDef {
  id: string;
  kind: SurveyKind;
  question: LocalizedText;
  followUp?: { detractor?: LocalizedText; passive?: LocalizedText; promoter?: LocalizedText };
  /** `choice` surveys: the options, and whether an "Other" option with free text is offered. */
  choices?: SurveyChoice[];
  other?: boolean;
  /** The project's `defaultLocale`: the texts' fallback when the page's locale has no translation. */
  defaultLocale?: string;
  trigger: SurveyTrigger;
  /** Optional look: brand colour (CSS colour) and corner. */
  appearance?: { brandColor?: string; position?: 'bottom-right' | 'bottom-left' | 'center' };
}

/** `GET /v1/surveys` answer: the surveys this user may be shown now. */
export interface SurveysResponse {
  surveys: SurveyDef[];
}

// ---- SDK ↔ widget ----------------------------------------------------------------------------
// `uptake-surveys.js` is an ES module the SDK loads with dynamic `import()` only when a survey is due.
// It exports `mountSurvey: MountSurvey`. The SDK core knows nothing else of the widget.

export interface SurveyAppearance {
  /** CSS colour of buttons and the selected score. */
  brandColor?: string;
  position?: 'bottom-right' | 'bottom-left' | 'center';
  /** BCP 47 language; default: the page's `<html lang>`, else English. */
  locale?: string;
}

/** What the SDK hands the widget. */
export interface WidgetHost {
  survey: SurveyDef;
  /** Look from `init({ surveys: {...} })`; the survey's own `appearance` wins over it. */
  appearance?: SurveyAppearance;
  /** Sends an event through the SDK's durable queue (`$survey_shown`, `$survey_answered`, `$survey_dismissed`). */
  track(event: string, properties: SurveyEventProperties): void;
  /** Called once when the widget is closed (answered, dismissed or removed). */
  onClose(): void;
}

export type MountSurvey = (host: WidgetHost) => { close(): void };
export * from './assign.js';
