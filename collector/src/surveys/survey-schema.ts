// The survey parts of the config schema added by SPEC §13: translated texts, the `ces` and `choice`
// kinds' fields, `maxResponses` and `targeting.account`. config.ts hooks them into its one schema.
import { z } from 'zod';

/** A text, or the same text per locale: `{ "en": "…", "fr": "…" }` (at least one locale). */
export const localizedText = z.union([
  z.string().min(1),
  z
    .record(z.string().regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*$/, 'a language tag like "en" or "fr-CA"'), z.string().min(1))
    .refine((texts) => Object.keys(texts).length > 0, 'at least one locale'),
]);

/** The account health bands, as the overview's `healthDistribution` names them. */
export const HEALTH_BANDS = ['healthy', 'neutral', 'atRisk', 'unknown'] as const;
/** The risks of SPEC §6. */
export const RISK_NAMES = ['usage_drop', 'low_seat_utilization', 'detractor_account', 'no_core_adoption'] as const;

/** `targeting.account`: the account's state on the default 30-day window (SPEC §13). */
export const accountTargeting = z.strictObject({
  // `at_risk` is the segment filter's spelling of the same band (SPEC §10); both are accepted.
  health: z.array(z.enum([...HEALTH_BANDS, 'at_risk']).transform((band) => (band === 'at_risk' ? 'atRisk' : band))).optional(),
  risks: z.array(z.enum(RISK_NAMES)).optional(),
  adopted: z.array(z.string().min(1)).optional(),
  notAdopted: z.array(z.string().min(1)).optional(),
  seatUtilization: z.strictObject({ lt: z.number().min(0).optional(), gte: z.number().min(0).optional() }).optional(),
});
export type AccountTargeting = z.output<typeof accountTargeting>;

/** Fields of the `choice` kind, the exit-survey topic and the response cap. */
export const surveyKindFields = {
  choices: z.array(z.strictObject({ key: z.string().min(1).max(100), label: localizedText })).optional(),
  /** `choice`: also offer "Other" with free text (answered as choice `other`, the text as `comment`). */
  other: z.boolean().optional(),
  /** `"churn"` marks exit surveys (SPEC §10 reads them). */
  topic: z.string().min(1).optional(),
  /** Once the survey has this many counted responses it is shown to nobody. */
  maxResponses: z.number().int().positive().optional(),
};

/** The key a `choice` answer carries when the user picked "Other". */
export const OTHER_CHOICE = 'other';

/** Checks across fields: a `choice` survey needs distinct choices; other kinds take none. */
export function refineSurvey(s: { kind: string; choices?: { key: string }[]; other?: boolean }, ctx: z.RefinementCtx): void {
  if (s.kind !== 'choice') {
    if (s.choices) ctx.addIssue({ code: 'custom', path: ['choices'], message: `only a "choice" survey has choices (kind is "${s.kind}")` });
    return;
  }
  if (!s.choices || s.choices.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['choices'], message: 'a "choice" survey needs at least one choice' });
    return;
  }
  const keys = new Set<string>();
  s.choices.forEach((c, i) => {
    if (keys.has(c.key)) ctx.addIssue({ code: 'custom', path: ['choices', i, 'key'], message: `duplicate choice key "${c.key}"` });
    if (s.other && c.key === OTHER_CHOICE) ctx.addIssue({ code: 'custom', path: ['choices', i, 'key'], message: `"${OTHER_CHOICE}" is the free-text option's key when other is true` });
    keys.add(c.key);
  });
}
