// How numbers, risks and text appear in notifications (Slack, email, the digest).

const RISK_LABELS: Record<string, string> = {
  usage_drop: 'usage drop',
  low_seat_utilization: 'low seat utilization',
  detractor_account: 'detractor account',
  no_core_adoption: 'no core adoption',
};
export const riskLabel = (risk: string): string => RISK_LABELS[risk] ?? risk;
export const money = (n: unknown): string => (typeof n === 'number' ? `${Math.round(n).toLocaleString('en-US')}/mo` : '—');
export const num = (n: unknown, digits = 0): string => (typeof n === 'number' ? n.toFixed(digits) : '—');
export const htmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
