// The digest as people read it: plain text (CLI, email), HTML (email) and a Slack message.
import { htmlEscape, money, num, riskLabel } from './format.js';

export interface Change {
  now: number | null;
  before: number | null;
  /** now − before; null when either is null. */
  change: number | null;
}

export interface Digest {
  project: string;
  projectName: string;
  every: 'day' | 'week';
  /** The last period and the one before, as report windows (`from` inclusive, `to` exclusive, UTC dates). */
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  activeAccounts: Change;
  activeUsers: Change;
  nps: Change;
  csat: Change;
  /** The overview's MRR at risk of the last period. */
  mrrAtRisk: number | null;
  newlyAtRisk: { accountId: string; name: string | null; plan: string | null; mrr: number | null; health: number | null; risks: string[]; link: string | null }[];
  /** Σ mrr of the newly at-risk accounts. */
  mrrNewlyAtRisk: number;
  healthDrops: { accountId: string; name: string | null; mrr: number | null; healthBefore: number; health: number; drop: number; link: string | null }[];
  detractorComments: { accountId: string | null; accountName: string | null; userId: string; score: number; comment: string; timestamp: string }[];
  featureMoves: { key: string; name: string; adoptionBefore: number; adoption: number; change: number }[];
  dashboardUrl: string | null;
}

const signed = (n: number | null, digits = 0): string => (n === null ? '—' : `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(digits)}`);
const pct = (n: number): string => `${(100 * n).toFixed(0)} %`;
const line = (label: string, c: Change, digits = 0): string => `${label.padEnd(16)}${num(c.now, digits).padStart(7)}  (${signed(c.change, digits)} vs ${num(c.before, digits)})`;
const accountOf = (a: { accountId: string | null; name?: string | null; accountName?: string | null }) => a.name ?? a.accountName ?? a.accountId ?? 'no account';

/** A period's days as people say them: "2026-11-30 → 2026-12-06" (inclusive), or one date. */
function days(period: { from: string; to: string }): string {
  const lastDay = new Date(Date.parse(period.to) - 86_400_000).toISOString().slice(0, 10);
  return lastDay === period.from ? period.from : `${period.from} → ${lastDay}`;
}

/** Title line, e.g. "Weekly digest · Demo SaaS · 2026-11-30 → 2026-12-06". */
export function digestTitle(d: Digest): string {
  return `${d.every === 'day' ? 'Daily' : 'Weekly'} digest · ${d.projectName} · ${days(d.period)}`;
}

/** The digest as plain text. */
export function renderDigestText(d: Digest): string {
  const out = [digestTitle(d), `compared with ${days(d.previousPeriod)} (UTC days)`, ''];
  out.push(line('Active accounts', d.activeAccounts), line('Active users', d.activeUsers), line('NPS', d.nps, 1), line('CSAT', d.csat, 1), `${'MRR at risk'.padEnd(16)}${money(d.mrrAtRisk).padStart(7)}`, '');
  out.push(`Newly at risk (${d.newlyAtRisk.length}, ${money(d.mrrNewlyAtRisk)}):`);
  if (d.newlyAtRisk.length === 0) out.push('  none');
  for (const a of d.newlyAtRisk) out.push(`  ${accountOf(a)} · ${money(a.mrr)} · ${a.risks.map(riskLabel).join(', ')}${a.link ? ` · ${a.link}` : ''}`);
  out.push('', 'Largest health drops:');
  if (d.healthDrops.length === 0) out.push('  none');
  for (const a of d.healthDrops) out.push(`  ${accountOf(a)} · ${num(a.healthBefore)} → ${num(a.health)} (${signed(-a.drop, 1)})${a.link ? ` · ${a.link}` : ''}`);
  out.push('', `New detractor comments (${d.detractorComments.length}):`);
  if (d.detractorComments.length === 0) out.push('  none');
  for (const c of d.detractorComments) out.push(`  ${c.score}/10 · ${accountOf(c)} · "${c.comment}"`);
  out.push('', 'Feature adoption moves (share of active accounts):');
  if (d.featureMoves.length === 0) out.push('  none');
  for (const f of d.featureMoves) out.push(`  ${f.name} · ${pct(f.adoptionBefore)} → ${pct(f.adoption)} (${signed(100 * f.change)} pts)`);
  if (d.dashboardUrl) out.push('', d.dashboardUrl);
  return out.join('\n');
}

/** The digest as an HTML email body (every user-supplied string escaped). */
export function renderDigestHtml(d: Digest): string {
  const e = htmlEscape;
  const row = (label: string, c: Change, digits = 0) => `<tr><th align="left">${label}</th><td>${num(c.now, digits)}</td><td>${signed(c.change, digits)}</td></tr>`;
  const link = (text: string, href: string | null) => (href ? `<a href="${e(href)}">${e(text)}</a>` : e(text));
  const list = (items: string[]) => (items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '<p>none</p>');
  return [
    `<h2>${e(digestTitle(d))}</h2>`,
    `<table><tr><th></th><th>now</th><th>change</th></tr>${row('Active accounts', d.activeAccounts)}${row('Active users', d.activeUsers)}${row('NPS', d.nps, 1)}${row('CSAT', d.csat, 1)}</table>`,
    `<p>MRR at risk: ${money(d.mrrAtRisk)}</p>`,
    `<h3>Newly at risk (${d.newlyAtRisk.length}, ${money(d.mrrNewlyAtRisk)})</h3>`,
    list(d.newlyAtRisk.map((a) => `${link(accountOf(a), a.link)} · ${money(a.mrr)} · ${e(a.risks.map(riskLabel).join(', '))}`)),
    '<h3>Largest health drops</h3>',
    list(d.healthDrops.map((a) => `${link(accountOf(a), a.link)} · ${num(a.healthBefore)} → ${num(a.health)}`)),
    `<h3>New detractor comments (${d.detractorComments.length})</h3>`,
    list(d.detractorComments.map((c) => `${c.score}/10 · ${e(accountOf(c))} · <q>${e(c.comment)}</q>`)),
    '<h3>Feature adoption moves</h3>',
    list(d.featureMoves.map((f) => `${e(f.name)} · ${pct(f.adoptionBefore)} → ${pct(f.adoption)}`)),
    d.dashboardUrl ? `<p><a href="${e(d.dashboardUrl)}">Open the dashboard</a></p>` : '',
  ].join('\n');
}

/** The digest as a Slack message. */
export function renderDigestSlack(d: Digest): { text: string; blocks: unknown[] } {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } });
  const name = (a: { accountId: string | null; name?: string | null; accountName?: string | null; link?: string | null }) => (a.link ? `<${a.link}|${esc(accountOf(a))}>` : esc(accountOf(a)));
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: digestTitle(d).slice(0, 150) } },
    { type: 'section', fields: [
      { type: 'mrkdwn', text: `*Active accounts*\n${num(d.activeAccounts.now)} (${signed(d.activeAccounts.change)})` },
      { type: 'mrkdwn', text: `*Active users*\n${num(d.activeUsers.now)} (${signed(d.activeUsers.change)})` },
      { type: 'mrkdwn', text: `*NPS*\n${num(d.nps.now, 1)} (${signed(d.nps.change, 1)})` },
      { type: 'mrkdwn', text: `*CSAT*\n${num(d.csat.now, 1)} (${signed(d.csat.change, 1)})` },
    ] },
    section(`*Newly at risk* (${d.newlyAtRisk.length}, ${money(d.mrrNewlyAtRisk)})\n${d.newlyAtRisk.map((a) => `• ${name(a)} · ${money(a.mrr)} · ${esc(a.risks.map(riskLabel).join(', '))}`).join('\n') || 'none'}`),
    section(`*Largest health drops*\n${d.healthDrops.map((a) => `• ${name(a)} · ${num(a.healthBefore)} → ${num(a.health)}`).join('\n') || 'none'}`),
    section(`*New detractor comments* (${d.detractorComments.length})\n${d.detractorComments.slice(0, 10).map((c) => `• ${c.score}/10 · ${esc(accountOf(c))}: “${esc(c.comment)}”`).join('\n') || 'none'}`),
    section(`*Feature adoption moves*\n${d.featureMoves.map((f) => `• ${esc(f.name)} · ${pct(f.adoptionBefore)} → ${pct(f.adoption)}`).join('\n') || 'none'}`),
  ];
  const text = `${digestTitle(d)}: ${num(d.activeAccounts.now)} active accounts, NPS ${num(d.nps.now, 1)}, ${d.newlyAtRisk.length} newly at risk`;
  return { text: esc(text), blocks };
}
