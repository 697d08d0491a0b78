// Results of the CES and choice surveys (SPEC §13) from the satisfaction report: each CES survey's
// mean and "easy" share, each choice survey's picks as bars (share of its responses).
import { barList } from './charts/bar-list.js';
import { h } from './dom.js';
import { formatCountOf, formatDecimal, formatPercent } from './format.js';
import type { SatisfactionReport } from './report-types.js';

/** A choice key as a label: `missing_feature` → "Missing feature". */
export const choiceLabel = (key: string): string => {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words === '' ? key : words[0].toUpperCase() + words.slice(1);
};

/**
 * The CES and choice results, or null when the project has neither kind (the card is then left out).
 * @example const el = surveyResults(report); if (el) grid.append(card('Survey results', null, el))
 */
export function surveyResults(report: Pick<SatisfactionReport, 'ces' | 'choices'>): HTMLElement | null {
  const ces = report.ces ?? [];
  const choices = report.choices ?? [];
  if (ces.length === 0 && choices.length === 0) return null;
  return h(
    'div',
    { class: 'survey-results' },
    ces.length
      ? [
          h('h3', { class: 'subhead' }, 'Customer effort (1–7, 5–7 = easy)'),
          barList(ces.map((s) => ({
            label: s.surveyId,
            share: s.easyShare,
            display: `${formatPercent(s.easyShare)} easy · mean ${formatDecimal(s.mean, 1)} · ${formatCountOf(s.responses, 'response')}`,
          }))),
        ]
      : null,
    choices.map((s) => [
      h('h3', { class: 'subhead' }, `${s.surveyId} · ${formatCountOf(s.responses, 'response')}`),
      barList(
        Object.entries(s.counts).sort((a, b) => b[1] - a[1]).map(([key, count]) => ({
          label: choiceLabel(key),
          share: s.responses ? count / s.responses : null,
          display: `${formatPercent(s.responses ? count / s.responses : null)} · ${count}`,
        })),
        'No answer in this window.',
      ),
    ]),
  );
}
