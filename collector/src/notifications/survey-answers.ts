// `survey.answered` (SPEC §11): one notification per response and destination, queued in the same
// request that stored the answer. The score alone waits `commentWaitSeconds` in the outbox; the
// comment (the SDK resends the answer with it) replaces it and makes it due at once.
import type { ProjectConfig } from '../config.js';
import { runReport } from '../reports/run-report.js';
import type { NewNotification, NormalizedEvent, Store } from '../storage/store.js';
import type { SurveyRule } from './config-schema.js';
import { accountLink, outboxItem, type Envelope } from './envelope.js';

export interface SurveyAnswerWork {
  /** Score without a comment yet: added unless already there. */
  add: NewNotification[];
  /** With its comment: replaces the waiting one (or is added) and is due now. */
  revise: NewNotification[];
}

const comment = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** Whether a rule's `when` lets an answer through. */
export function matchesSurveyRule(rule: SurveyRule, kind: unknown, score: number, hasComment: boolean): boolean {
  const w = rule.when;
  if (w.kinds && !w.kinds.includes(kind as 'nps')) return false;
  if (w.scoreAtMost !== undefined && score > w.scoreAtMost) return false;
  if (w.scoreAtLeast !== undefined && score < w.scoreAtLeast) return false;
  if (w.withComment === true && !hasComment) return false;
  return true;
}

/**
 * The outbox work of a stored batch's `$survey_answered` events. Only the name of each event is
 * looked at unless it is an answer. Duplicates are handled again on purpose: a collector that died
 * after storing a batch but before queuing its notifications gets the resent batch as duplicates,
 * and the stable ids make a second queuing a no-op.
 * @example surveyAnswerWork(project, events, Date.now())
 */
export function surveyAnswerWork(project: ProjectConfig, events: NormalizedEvent[], receivedAt: number): SurveyAnswerWork {
  const work: SurveyAnswerWork = { add: [], revise: [] };
  const rules = (project.notifications?.rules ?? []).filter((r): r is SurveyRule => r.on === 'survey.answered');
  if (rules.length === 0) return work;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.event !== '$survey_answered') continue;
    const p = e.properties ?? {};
    const score = typeof p.score === 'number' ? p.score : Number(p.score);
    if (!Number.isFinite(score)) continue;
    const text = comment(p.comment);
    const responseId = typeof p.responseId === 'string' && p.responseId !== '' ? p.responseId : e.messageId;
    const envelope: Omit<Envelope, 'id'> = {
      type: 'survey.answered',
      project: project.id,
      occurredAt: new Date(e.timestamp).toISOString(),
      data: {
        responseId, surveyId: p.surveyId ?? null, kind: p.kind ?? null, score, comment: text,
        user: { userKey: e.userKey, userId: e.userId }, accountId: e.groupId,
      },
    };
    const destinations = new Set(rules.filter((r) => matchesSurveyRule(r, p.kind, score, text !== null)).flatMap((r) => r.to));
    const wait = (project.notifications?.commentWaitSeconds ?? 120) * 1000;
    for (const d of destinations) {
      if (text !== null) work.revise.push(outboxItem(envelope, responseId, d, receivedAt, receivedAt));
      else work.add.push(outboxItem(envelope, responseId, d, receivedAt, receivedAt + wait));
    }
  }
  return work;
}

/**
 * Completes a survey answer's envelope when it is sent: the user's email and name, and the account's
 * name, plan, MRR and health now (the account report's row), with a link to its page.
 */
export async function enrichSurveyAnswer(store: Store, project: ProjectConfig, envelope: Envelope, now: number): Promise<Envelope> {
  const data = envelope.data as { user: { userKey: string; userId: string | null }; accountId: string | null };
  const user = await store.getUser(project.id, data.user.userKey);
  const accountId = data.accountId ?? user?.lastGroupId ?? null;
  let account: Record<string, unknown> | null = null;
  if (accountId !== null) {
    const row = await runReport(store, project, 'account', { accountId }, now).catch(() => null);
    account = row
      ? { accountId, name: row.name, plan: row.plan, mrr: row.mrr, seats: row.seats, health: row.health }
      : { accountId, name: null, plan: null, mrr: null, seats: null, health: null };
  }
  const traits = user?.traits ?? {};
  const { accountId: _, ...rest } = envelope.data as Record<string, unknown>;
  return {
    ...envelope,
    data: {
      ...rest,
      user: { ...data.user, email: typeof traits.email === 'string' ? traits.email : null, name: typeof traits.name === 'string' ? traits.name : null },
      account,
      link: accountId === null ? null : accountLink(project.notifications?.dashboardUrl, accountId),
    },
  };
}
