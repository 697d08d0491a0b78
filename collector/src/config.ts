// `uptake.config.json`: one zod schema that validates the file and gives the types (SPEC §2).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UptakeError } from './errors.js';

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

export const surveySchema = z.strictObject({
  id: nonEmpty.max(100),
  kind: z.enum(['nps', 'csat']),
  active: z.boolean().default(true),
  question: nonEmpty,
  followUp: z
    .strictObject({ detractor: z.string().optional(), passive: z.string().optional(), promoter: z.string().optional() })
    .optional(),
  targeting: z
    .strictObject({
      sampleRate: z.number().min(0).max(1).default(1),
      minDaysSinceFirstSeen: z.number().min(0).nullish(),
      accountTraits: traitFilter.nullish(),
      userTraits: traitFilter.nullish(),
      urlContains: z.string().nullish(),
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

const rateLimit = z.strictObject({
  /** Sustained requests per second. */
  requestsPerSecond: z.number().positive(),
  /** Bucket size: requests allowed in a burst. */
  burst: z.number().positive(),
});

export const projectSchema = z.strictObject({
  id: nonEmpty.max(100).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." or "-"'),
  name: nonEmpty,
  writeKey: nonEmpty,
  secretKey: z.string().min(8, 'at least 8 characters'),
  allowedOrigins: z.array(z.string().regex(/^https?:\/\/[^/]+$|^\*$/, 'an origin like https://app.example.com')).default([]),
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
});

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    projects: z.array(projectSchema).min(1),
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

/**
 * Validates a parsed config object; throws `UptakeError('invalid_config')` naming the first bad field.
 * @example parseConfig(JSON.parse(text)).projects[0].writeKey
 */
export function parseConfig(raw: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new UptakeError('invalid_config', `${source}: ${formatPath(issue.path)}: ${issue.message}`);
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
