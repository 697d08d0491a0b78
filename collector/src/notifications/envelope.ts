// What a notification is: the envelope every destination receives (SPEC §11: the webhook body
// `{id, type, project, occurredAt, data}`), its stable id, and the outbox row that carries it.
import { createHash } from 'node:crypto';
import type { NewNotification } from '../storage/store.js';

export type NotificationType = 'survey.answered' | 'account.at_risk' | 'account.health_dropped' | 'digest' | 'test';

export interface Envelope {
  id: string;
  type: NotificationType;
  project: string;
  /** ISO time of what happened (the answer, the evaluation, the end of the digest's period). */
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * A stable id from what the notification is about and where it goes: the same on every attempt,
 * and the same when two collectors (or a resent event) produce it twice.
 * @example notificationId('demo', 'survey.answered', 'resp-1', 'cs') // "ntf_…"
 */
export function notificationId(project: string, type: string, subject: string, destination: string): string {
  return `ntf_${createHash('sha256').update(JSON.stringify([project, type, subject, destination])).digest('hex').slice(0, 26)}`;
}

/** An outbox row for `envelope` to `destination`, due at `dueAt`. */
export function outboxItem(envelope: Omit<Envelope, 'id'>, subject: string, destination: string, createdAt: number, dueAt = createdAt): NewNotification {
  const id = notificationId(envelope.project, envelope.type, subject, destination);
  return {
    id,
    project: envelope.project,
    type: envelope.type,
    destination,
    body: JSON.stringify({ id, ...envelope }),
    createdAt,
    nextAttemptAt: dueAt,
  };
}

/** The link to an account's page in the dashboard, or null without `dashboardUrl`. */
export function accountLink(dashboardUrl: string | undefined, accountId: string): string | null {
  if (!dashboardUrl) return null;
  return `${dashboardUrl.replace(/#.*$/, '')}#/accounts/${encodeURIComponent(accountId)}`;
}
