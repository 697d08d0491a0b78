// `uptake.config.json`: one zod schema that validates the file and gives the types (SPEC §2).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UptakeError } from './errors.js';
import { experimentsSchema } from './experiments/config-schema.js';
import { accountTargeting, localizedText, refineSurvey, surveyKindFields } from './surveys/survey-schema.js';
import { notificationsSchema } from './notifications/config-schema.js';

const nonEmpty = z.string().min(1);
const traitFilter = z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()])));

const trigger = z
  .union([
    z.strictObject({ event: nonEmpty }),
    z.strictObject({ delaySeconds: z.number().min(0) }),
    z.null(),
  ])
  .optional()
  .transform((t) => t ?? null);

/** `brandColor` and `position` are also accepted on the survey itself, as shorthands for its `appearance`. */
function appearanceShorthands(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const { brandColor, position, ...rest } = raw as Record<string, unknown>;
  if (brandColor === undefined && position === undefined) return raw;
  const appearance = typeof rest.appearance === 'object' && rest.appearance !== null ? (rest.appearance as Record<string, unknown>) : {};
  return {
    ...rest,
    appearance: { ...(brandColor !== undefined ? { brandColor } : {}), ...(position !== undefined ? { position } : {}), ...appearance },
  };
}

const surveyObject = z.strictObject({
  id: nonEmpty.max(100),
  kind: z.enum(['nps', 'csat', 'ces', 'choice']),
  active: z.boolean().default(true),
  question: localizedText,
  followUp: z
    .strictObject({ detractor: localizedText.optional(), passive: localizedText.optional(), promoter: localizedText.optional() })
    .optional(),
  ...surveyKindFields,
  targeting: z
    .strictObject({
      sampleRate: z.number().min(0).max(1).default(1),
      minDaysSinceFirstSeen: z.number().min(0).nullish(),
      accountTraits: traitFilter.nullish(),
      userTraits: traitFilter.nullish(),
      urlContains: z.string().nullish(),
      account: accountTargeting.nullish(),
      trigger,
    })
    .default({ sampleRate: 1, trigger: null }),
  recontactDays: z.number().min(0).default(90),
  appearance: z
    .strictObject({
      brandColor: z.string().regex(/^#[0-9a-fA-F]{3,8}$|^[a-zA-Z]+$|^(rgb|hsl)a?\([0-9.,%\s]+\)$/, 'a CSS colour').optional(),
      position: z.enum(['bottom-right', 'bottom-left', 'center']).optional(),
    })
    .optional(),
});

export const surveySchema = z.preprocess(appearanceShorthands, surveyObject.superRefine(refineSurvey));

const rateLimit = z.union([
  z.strictObject({
    /** Sustained requests per second. */
    requestsPerSecond: z.number().positive(),
    /** Bucket size: requests allowed in a burst. */
    burst: z.number().positive(),
  }),
  // A bare number: that many requests per second, bursts of twice as many.
  z.number().positive().transform((n) => ({ requestsPerSecond: n, burst: 2 * n })),
]);

/** An origin; a trailing slash (`https://app.example.com/`) is dropped. */
const origin = z
  .string()
  .transform((s) => s.trim().replace(/^(https?:\/\/[^/]+)\/$/, '$1'))
  .pipe(z.string().regex(/^https?:\/\/[^/]+$|^\*$/, 'an origin like https://app.example.com'));

export const projectSchema = z.strictObject({
  id: nonEmpty.max(100).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." or "-"'),
  /** Display name; the id when absent. */
  name: nonEmpty.optional(),
  writeKey: nonEmpty,
  secretKey: nonEmpty,
  allowedOrigins: z.array(origin).default([]),
  features: z
    .array(
      z.strictObject({
        key: nonEmpty,
        name: nonEmpty,
        events: z.array(nonEmpty).min(1),
        core: z.boolean().default(false),
      }),
    )
    .default([]),
  activation: z.strictObject({ events: z.array(nonEmpty) }).default({ events: [] }),
  throttle: z
    .strictObject({
      globalCooldownDays: z.number().min(0).default(14),
      maxPromptsPerAccountPerWeek: z.number().int().min(0).default(20),
    })
    .default({ globalCooldownDays: 14, maxPromptsPerAccountPerWeek: 20 }),
  trialPlans: z.array(z.string()).default(['trial', 'free']),
  retentionDays: z.number().int().positive().default(730),
  referral: z.strictObject({ events: z.array(nonEmpty).default([]) }).default({ events: [] }),
  monthlyAcquisitionSpend: z.number().min(0).nullish(),
  healthWeights: z
    .strictObject({
      breadth: z.number().min(0).default(0.35),
      seatUtilization: z.number().min(0).default(0.2),
      stickiness: z.number().min(0).default(0.15),
      nps: z.number().min(0).default(0.3),
    })
    .default({ breadth: 0.35, seatUtilization: 0.2, stickiness: 0.15, nps: 0.3 }),
  rateLimits: z
    .strictObject({ perWriteKey: rateLimit.optional(), perIp: rateLimit.optional() })
    .default({}),
  surveys: z.array(surveySchema).default([]),
  experiments: experimentsSchema,
  /** Locale of survey texts when the page's locale has no translation (SPEC §13). */
  defaultLocale: z.string().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*$/, 'a language tag like "en" or "fr-CA"').default('en'),
  notifications: notificationsSchema.optional(),
}).transform((p) => ({ ...p, name: p.name ?? p.id }));

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    projects: z.array(projectSchema).min(1),
    /** Bearer token that shows per-project figures at /metrics (SPEC §16); without it they stay hidden. */
    metricsToken: z.string().min(16, 'at least 16 characters').optional(),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, string>();
    cfg.projects.forEach((p, i) => {
      for (const [field, value] of [['id', p.id], ['writeKey', p.writeKey], ['secretKey', p.secretKey]] as const) {
        const key = `${field}:${value}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['projects', i, field], message: `duplicate ${field} (also used by ${seen.get(key)})` });
        seen.set(key, `projects[${i}]`);
      }
      if (p.writeKey === p.secretKey) ctx.addIssue({ code: 'custom', path: ['projects', i, 'secretKey'], message: 'must differ from writeKey' });
      const ids = new Set<string>();
      p.surveys.forEach((s, j) => {
        if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['projects', i, 'surveys', j, 'id'], message: `duplicate survey id "${s.id}"` });
        ids.add(s.id);
      });
    });
  });

export type Config = z.output<typeof configSchema>;
export type ProjectConfig = z.output<typeof projectSchema>;
export type SurveyConfig = z.output<typeof surveySchema>;
export type FeatureConfig = ProjectConfig['features'][number];

/** Default rate limits: far above any well-behaved client (SPEC §2: ≥ 1 000 requests/s). */
export const DEFAULT_RATE_LIMITS = {
  perWriteKey: { requestsPerSecond: 5000, burst: 10000 },
  perIp: { requestsPerSecond: 2000, burst: 4000 },
} as const;

/** Formats a zod path like `projects[0].surveys[1].kind`. */
function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '') || '(root)';
}

/** Where config warnings go: one line each on stderr. */
export type ConfigWarn = (line: string) => void;
const toStderr: ConfigWarn = (line) => process.stderr.write(`${line}\n`);

/** A copy of `raw` without the keys of the `unrecognized_keys` issues. */
function withoutKeys(raw: unknown, issues: { path: PropertyKey[]; keys: string[] }[]): unknown {
  const copy = structuredClone(raw) as Record<PropertyKey, unknown>;
  for (const { path, keys } of issues) {
    let node: unknown = copy;
    for (const part of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[part];
    if (typeof node === 'object' && node !== null) for (const k of keys) delete (node as Record<string, unknown>)[k];
  }
  return copy;
}

/** Shortest secret key that draws no warning. */
const SHORT_SECRET = 12;

/**
 * Validates a parsed config object; throws `UptakeError('invalid_config')` naming the first bad field.
 * Unknown keys are not errors: each is named in a warning (a likely typo) and ignored, as is a short
 * `secretKey`.
 * @example parseConfig(JSON.parse(text)).projects[0].writeKey
 */
export function parseConfig(raw: unknown, source = 'config', warn: ConfigWarn = toStderr): Config {
  const refuse = (issue: { path: PropertyKey[]; message: string }) => new UptakeError('invalid_config', `${source}: ${formatPath(issue.path)}: ${issue.message}`);
  let result = configSchema.safeParse(raw);
  if (!result.success) {
    const unknown = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    const bad = result.error.issues.find((i) => i.code !== 'unrecognized_keys');
    if (bad) throw refuse(bad);
    for (const i of unknown) for (const k of i.keys) warn(`${source}: ${formatPath([...i.path, k])}: unknown key, ignored`);
    result = configSchema.safeParse(withoutKeys(raw, unknown));
    if (!result.success) throw refuse(result.error.issues[0]);
  }
  result.data.projects.forEach((p, i) => {
    if (p.secretKey.length < SHORT_SECRET) warn(`${source}: projects[${i}].secretKey is short (${p.secretKey.length} characters): use ${SHORT_SECRET} or more random characters`);
  });
  return result.data;
}

/** Reads and validates `uptake.config.json`. */
export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UptakeError('invalid_config', `cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UptakeError('invalid_config', `${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseConfig(raw, file);
}
