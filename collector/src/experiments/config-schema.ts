// The `experiments` list of a project in `uptake.config.json` (SPEC §12), hooked into config.ts.
import { z } from 'zod';

const nonEmpty = z.string().min(1);
/** The metrics a report can compute; `feature:<key>` names any feature (catalog key or event name). */
export const EXPERIMENT_METRICS = ['activation', 'retention', 'nps', 'csat', 'activeUsers'] as const;

const metric = z.string().refine((m) => (EXPERIMENT_METRICS as readonly string[]).includes(m) || /^feature:.+/.test(m), {
  message: `unknown metric: use feature:<key>, ${EXPERIMENT_METRICS.join(', ')}`,
});

/** An ISO date (`2026-03-01`) or time (`2026-03-01T12:00:00Z`), kept as written. */
const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/, 'an ISO date like 2026-03-01').refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');

export const experimentSchema = z
  .strictObject({
    key: nonEmpty.max(100),
    name: nonEmpty.optional(),
    unit: z.enum(['account', 'user']).default('account'),
    active: z.boolean().default(true),
    variants: z.array(z.strictObject({ key: nonEmpty.max(100), weight: z.number().positive().finite() })).min(1),
    metrics: z.array(metric).default([]),
    start: isoTime,
    end: isoTime.nullish().transform((e) => e ?? null),
  })
  .superRefine((e, ctx) => {
    const seen = new Set<string>();
    e.variants.forEach((v, j) => {
      if (seen.has(v.key)) ctx.addIssue({ code: 'custom', path: ['variants', j, 'key'], message: `duplicate variant key "${v.key}"` });
      seen.add(v.key);
    });
    if (e.end !== null && Date.parse(e.end) <= Date.parse(e.start)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
  })
  .transform((e) => ({ ...e, name: e.name ?? e.key }));

/** `projects[].experiments`: keys unique within the project. */
export const experimentsSchema = z
  .array(experimentSchema)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((e, i) => {
      if (seen.has(e.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `duplicate experiment key "${e.key}"` });
      seen.add(e.key);
    });
  });

export type ExperimentConfig = z.output<typeof experimentSchema>;
