// The `notifications` object of a project's config (SPEC §11): destinations, SMTP, rules and the
// delivery switches, in one zod schema that validates and gives the types.
import { z } from 'zod';

const nonEmpty = z.string().min(1);
const url = nonEmpty.refine((s) => URL.canParse(s), 'a URL');
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

const destination = z.discriminatedUnion('type', [
  z.strictObject({ id: nonEmpty, type: z.literal('webhook'), url, secret: nonEmpty }),
  z.strictObject({ id: nonEmpty, type: z.literal('slack'), url }),
  z.strictObject({ id: nonEmpty, type: z.literal('email'), to: z.array(z.email()).min(1) }),
]);

const to = z.array(nonEmpty).min(1);

const timeZone = nonEmpty.refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone like Europe/Paris');

const rule = z.discriminatedUnion('on', [
  z.strictObject({
    on: z.literal('survey.answered'),
    when: z
      .strictObject({
        kinds: z.array(z.enum(['nps', 'csat'])).min(1).optional(),
        scoreAtMost: z.number().optional(),
        scoreAtLeast: z.number().optional(),
        withComment: z.boolean().optional(),
      })
      .default({}),
    to,
  }),
  z.strictObject({ on: z.literal('account.at_risk'), to }),
  z.strictObject({ on: z.literal('account.health_dropped'), when: z.strictObject({ byAtLeast: z.number().positive() }), to }),
  z.strictObject({
    on: z.literal('digest'),
    every: z.enum(['day', 'week']),
    day: z.enum(DAYS).default('monday'),
    hour: z.number().int().min(0).max(23).default(9),
    timeZone: timeZone.default('UTC'),
    to,
  }),
]);

export const notificationsSchema = z
  .strictObject({
    destinations: z.array(destination).default([]),
    smtp: z.strictObject({ url: url.refine((s) => /^smtps?:/.test(s), 'an smtp:// or smtps:// URL'), from: nonEmpty }).optional(),
    dashboardUrl: url.optional(),
    rules: z.array(rule).default([]),
    allowInsecureDestinations: z.boolean().default(false),
    allowPrivateDestinations: z.boolean().default(false),
    commentWaitSeconds: z.number().min(0).default(120),
    evaluateEveryMinutes: z.number().positive().default(60),
  })
  .superRefine((n, ctx) => {
    const ids = new Map<string, string>();
    n.destinations.forEach((d, i) => {
      if (ids.has(d.id)) ctx.addIssue({ code: 'custom', path: ['destinations', i, 'id'], message: `duplicate destination id "${d.id}"` });
      ids.set(d.id, d.type);
      if ('url' in d && !n.allowInsecureDestinations && !d.url.startsWith('https://')) {
        ctx.addIssue({ code: 'custom', path: ['destinations', i, 'url'], message: 'must be https:// (or set allowInsecureDestinations)' });
      }
    });
    n.rules.forEach((r, i) => {
      r.to.forEach((id, j) => {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'to', j], message: `unknown destination "${id}"` });
        else if (ids.get(id) === 'email' && !n.smtp) ctx.addIssue({ code: 'custom', path: ['rules', i, 'to', j], message: `destination "${id}" is email: notifications.smtp is required` });
      });
      if (r.on === 'survey.answered' && r.when.scoreAtLeast !== undefined && r.when.scoreAtMost !== undefined && r.when.scoreAtLeast > r.when.scoreAtMost) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'when', 'scoreAtLeast'], message: 'greater than scoreAtMost: no score matches' });
      }
    });
  });

export type NotificationsConfig = z.output<typeof notificationsSchema>;
export type DestinationConfig = NotificationsConfig['destinations'][number];
export type RuleConfig = NotificationsConfig['rules'][number];
export type DigestRule = Extract<RuleConfig, { on: 'digest' }>;
export type SurveyRule = Extract<RuleConfig, { on: 'survey.answered' }>;
