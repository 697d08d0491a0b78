// How a notification reads to people: one `Message` (title, summary line, fields, quoted comment,
// link) per envelope, rendered as a Slack incoming-webhook message and as an email (text and HTML).
// The digest brings its own rendering (digest-render.ts).
import type { Envelope } from './envelope.js';
import { renderDigestHtml, renderDigestSlack, renderDigestText, type Digest } from './digest-render.js';
import { htmlEscape, money, num, riskLabel } from './format.js';

export interface Message {
  title: string;
  summary: string;
  fields: [label: string, value: string][];
  quote: string | null;
  link: string | null;
}

type AccountData = { accountId: string; name?: string | null; plan?: string | null; mrr?: number | null; seats?: number | null; activeUsers?: number; health?: number | null; risks?: string[]; newRisks?: string[] };
const accountName = (a: AccountData | null | undefined) => (a ? a.name ?? a.accountId : 'no account');

/** The people-facing content of an envelope (not the digest). */
export function messageOf(envelope: Envelope): Message {
  const d = envelope.data as Record<string, any>;
  switch (envelope.type) {
    case 'survey.answered': {
      const a = d.account as AccountData | null;
      const scale = d.kind === 'csat' ? 5 : 10;
      const who = d.user?.name ?? d.user?.email ?? d.user?.userId ?? 'A user';
      return {
        title: `New ${String(d.kind ?? 'survey').toUpperCase()} response: ${d.score}/${scale}`,
        summary: `${who} (${accountName(a)}) answered ${d.score}/${scale}${d.comment ? `: "${d.comment}"` : ' without a comment'}`,
        fields: [
          ['Account', accountName(a)],
          ['Score', `${d.score}/${scale}`],
          ['Plan', a?.plan ?? '—'],
          ['MRR', money(a?.mrr)],
          ['Health', num(a?.health)],
          ['User', d.user?.email ?? d.user?.userId ?? '—'],
        ],
        quote: d.comment ?? null,
        link: d.link ?? null,
      };
    }
    case 'account.at_risk': {
      const a = d.account as AccountData;
      return {
        title: `${accountName(a)} is at risk: ${(a.newRisks ?? []).map(riskLabel).join(', ')}`,
        summary: `${accountName(a)} (${money(a.mrr)}) has a new risk: ${(a.newRisks ?? []).map(riskLabel).join(', ')}`,
        fields: [
          ['New risks', (a.newRisks ?? []).map(riskLabel).join(', ')],
          ['All risks', (a.risks ?? []).map(riskLabel).join(', ')],
          ['MRR', money(a.mrr)],
          ['Health', num(a.health)],
          ['Active users', `${a.activeUsers ?? 0}${a.seats ? ` of ${a.seats} seats` : ''}`],
          ['Plan', a.plan ?? '—'],
        ],
        quote: null,
        link: d.link ?? null,
      };
    }
    case 'account.health_dropped': {
      const a = d.account as AccountData;
      return {
        title: `${accountName(a)}: health dropped ${num(d.drop, 1)} points`,
        summary: `${accountName(a)} health fell from ${num(d.healthBefore)} to ${num(a.health)} in 7 days`,
        fields: [
          ['Health now', num(a.health)],
          ['7 days ago', num(d.healthBefore)],
          ['MRR', money(a.mrr)],
          ['Risks', (a.risks ?? []).map(riskLabel).join(', ') || 'none'],
          ['Active users', `${a.activeUsers ?? 0}${a.seats ? ` of ${a.seats} seats` : ''}`],
          ['Plan', a.plan ?? '—'],
        ],
        quote: null,
        link: d.link ?? null,
      };
    }
    default:
      return { title: 'Uptake test notification', summary: `Test notification for destination "${d.destination}" of project ${envelope.project}`, fields: [], quote: null, link: null };
  }
}

const slackEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Slack incoming-webhook message: `text` (notifications, fallbacks) plus `blocks`. */
export function slackMessage(envelope: Envelope): { text: string; blocks: unknown[] } {
  if (envelope.type === 'digest') return renderDigestSlack(envelope.data as unknown as Digest);
  const m = messageOf(envelope);
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: m.title.slice(0, 150), emoji: false } },
    { type: 'section', fields: m.fields.slice(0, 10).map(([label, value]) => ({ type: 'mrkdwn', text: `*${slackEscape(label)}*\n${slackEscape(value)}` })) },
  ];
  if (m.fields.length === 0) blocks.pop();
  if (m.quote) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `> ${slackEscape(m.quote).replace(/\n/g, '\n> ')}` } });
  if (m.link) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open account' }, url: m.link }] });
  return { text: slackEscape(m.summary), blocks };
}

/** An email: subject, plain text and HTML. */
export function emailMessage(envelope: Envelope): { subject: string; text: string; html: string } {
  if (envelope.type === 'digest') {
    const digest = envelope.data as unknown as Digest;
    return { subject: `Uptake ${digest.every === 'day' ? 'daily' : 'weekly'} digest: ${digest.projectName}`, text: renderDigestText(digest), html: renderDigestHtml(digest) };
  }
  const m = messageOf(envelope);
  const text = [m.summary, '', ...m.fields.map(([l, v]) => `${l}: ${v}`), ...(m.quote ? ['', `"${m.quote}"`] : []), ...(m.link ? ['', m.link] : [])].join('\n');
  const html = `<h2>${htmlEscape(m.title)}</h2><table>${m.fields.map(([l, v]) => `<tr><th align="left">${htmlEscape(l)}</th><td>${htmlEscape(v)}</td></tr>`).join('')}</table>`
    + (m.quote ? `<blockquote>${htmlEscape(m.quote)}</blockquote>` : '')
    + (m.link ? `<p><a href="${htmlEscape(m.link)}">Open in Uptake</a></p>` : '');
  return { subject: `Uptake: ${m.title}`, text, html };
}
