// Sends one envelope to one configured destination: webhook (signed JSON), Slack (incoming webhook)
// or email (SMTP through nodemailer). Each attempt ends within `timeoutMs`, whatever the receiver does.
import nodemailer from 'nodemailer';
import type { DestinationConfig, NotificationsConfig } from '../config-schema.js';
import type { Envelope } from '../envelope.js';
import { postJson, type AttemptResult } from '../http-post.js';
import { emailMessage, slackMessage } from '../messages.js';
import { SIGNATURE_HEADER, signatureHeader } from '../signature.js';

export interface DeliverOptions {
  timeoutMs: number;
  /** Current time in ms (the signature's `t`). */
  now: number;
}

/**
 * Delivers `envelope`; never throws (a failure is an `AttemptResult` for the outbox to retry).
 * @example await deliver(envelope, { id: 'crm', type: 'webhook', url, secret }, notifications, { timeoutMs: 10_000, now: Date.now() })
 */
export async function deliver(envelope: Envelope, destination: DestinationConfig, config: NotificationsConfig, options: DeliverOptions): Promise<AttemptResult> {
  try {
    switch (destination.type) {
      case 'webhook': {
        // The body signed is the exact body sent.
        const body = JSON.stringify(envelope);
        const header = signatureHeader(destination.secret, body, Math.floor(options.now / 1000));
        return await postJson(destination.url, body, { [SIGNATURE_HEADER]: header }, config, options.timeoutMs, options.now);
      }
      case 'slack':
        return await postJson(destination.url, JSON.stringify(slackMessage(envelope)), {}, config, options.timeoutMs, options.now);
      case 'email':
        return await sendEmail(envelope, destination.to, config, options.timeoutMs);
    }
  } catch (err) {
    return { ok: false, permanent: false, error: (err as Error).message };
  }
}

async function sendEmail(envelope: Envelope, to: string[], config: NotificationsConfig, timeoutMs: number): Promise<AttemptResult> {
  if (!config.smtp) return { ok: false, permanent: true, error: 'notifications.smtp is not configured' };
  const transport = nodemailer.createTransport({
    url: config.smtp.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Never log the message or the credentials.
    logger: false,
    debug: false,
  } as nodemailer.TransportOptions);
  const message = emailMessage(envelope);
  try {
    const info = await transport.sendMail({
      from: config.smtp.from,
      to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { 'X-Uptake-Notification-Id': envelope.id },
    });
    const rejected = (info.rejected ?? []).length;
    if (rejected > 0 && (info.accepted ?? []).length === 0) return { ok: false, permanent: false, error: `SMTP rejected every recipient (${rejected})` };
    return { ok: true };
  } catch (err) {
    const e = err as { responseCode?: number; code?: string; message: string };
    // The message of a failed login may quote the server; it never contains our password.
    return { ok: false, permanent: false, error: `SMTP ${e.responseCode ?? e.code ?? ''}: ${e.message}`.slice(0, 300) };
  } finally {
    transport.close();
  }
}
