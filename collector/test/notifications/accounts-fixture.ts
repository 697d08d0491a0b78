// A hand-built dataset for account alerts and digests. Today is day D (the clock is D 10:00 UTC).
// - "drop": 4 users active on D-40 (previous 30-day window), 2 of them on D-5 → active users −50 %:
//   `usage_drop` (≥ 30 %). Not active in the window ending 7 days ago, so no health comparison.
// - "fall": 1 user active on D-20 and D-10, NPS answers 10 on D-20 and 8 on D-3. With health weights
//   breadth 0.6 and nps 0.4 (others 0): the window ending D-6 has breadth 1, NPS 100 → health 100;
//   the window ending D+1 has breadth 1, NPS 0 (latest answer 8, a passive) → 100 × (0.6 + 0.4 × 0.5) = 80:
//   a drop of 20, and no risk (NPS 0 is not < 0).
// - "steady": 1 user active on D-20 and D-10 and nothing else: health 100 in both windows, no risk.
export const DAY = 86_400_000;
export const D = Date.UTC(2026, 11, 7) / DAY;
export const NOW = D * DAY + 10 * 3_600_000;

export const PROJECT_FIELDS = {
  features: [{ key: 'reports.export', name: 'Export reports', events: ['Report Exported'], core: true }],
  healthWeights: { breadth: 0.6, seatUtilization: 0, stickiness: 0, nps: 0.4 },
};

let seq = 0;
const at = (day: number, hour = 12) => new Date(day * DAY + hour * 3_600_000).toISOString();
const use = (userId: string, groupId: string, day: number) => ({ type: 'track', event: 'Report Exported', userId, groupId, messageId: `f${++seq}`, timestamp: at(day) });
const npsAnswer = (userId: string, groupId: string, day: number, score: number, comment?: string) => ({
  type: 'track', event: '$survey_answered', userId, groupId, messageId: `f${++seq}`, timestamp: at(day, 13),
  properties: { surveyId: 'nps', kind: 'nps', responseId: `resp-${seq}`, score, ...(comment ? { comment } : {}) },
});

export function accountsDataset(): Record<string, unknown>[] {
  return [
    { type: 'group', userId: 'd1', groupId: 'drop', messageId: 'g-drop', timestamp: at(D - 41), traits: { name: 'Drop Inc', plan: 'pro', mrr: 900 } },
    { type: 'group', userId: 'f1', groupId: 'fall', messageId: 'g-fall', timestamp: at(D - 41), traits: { name: 'Fall LLC', plan: 'enterprise', mrr: 3000 } },
    { type: 'group', userId: 's1', groupId: 'steady', messageId: 'g-steady', timestamp: at(D - 41), traits: { name: 'Steady Co', plan: 'pro', mrr: 500 } },
    ...['d1', 'd2', 'd3', 'd4'].map((u) => use(u, 'drop', D - 40)),
    use('d1', 'drop', D - 5), use('d2', 'drop', D - 5),
    use('f1', 'fall', D - 20), use('f1', 'fall', D - 10),
    npsAnswer('f1', 'fall', D - 20, 10), npsAnswer('f1', 'fall', D - 3, 8),
    use('s1', 'steady', D - 20), use('s1', 'steady', D - 10),
  ];
}

/** A detractor comment on day D-2 by a user of "drop" (for the digest). */
export const detractorComment = () => npsAnswer('d1', 'drop', D - 2, 3, 'Exports time out');
