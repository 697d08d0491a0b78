// Churn reasons (SPEC §10, §13): the latest answer, up to the window's end, of each user of a
// churned account to each `choice` survey marked `"topic": "churn"`, counted per choice.

/** An answer as the store gives it; `choice` is the chosen option of a `choice` survey (absent: none). */
export interface ChoiceAnswer {
  surveyId: string;
  userKey: string;
  accountId: string | null;
  timestamp: number;
  choice?: string | null;
}

/** A survey definition as configured; only `choice` surveys with topic "churn" count. */
export interface ChoiceSurveyDefinition {
  id: string;
  kind: string;
  topic?: string;
  /** Options: as configured `{key, label}` (label text or per language); ids, or objects with an id (or value), are read too. */
  choices?: readonly (string | { key?: string; id?: string; value?: string; label?: string | Record<string, string> })[];
}

export interface ChurnReason {
  surveyId: string;
  choice: string;
  /** The option's label as configured (its first translation when labels are per language), else the choice id. */
  label: string;
  count: number;
}

function labelsOf(survey: ChoiceSurveyDefinition): Map<string, string> {
  const labels = new Map<string, string>();
  for (const c of survey.choices ?? []) {
    if (typeof c === 'string') labels.set(c, c);
    else {
      const id = c.key ?? c.id ?? c.value;
      if (id === undefined) continue;
      const label = typeof c.label === 'string' ? c.label : c.label && typeof c.label === 'object' ? Object.values(c.label)[0] : undefined;
      labels.set(id, label ?? id);
    }
  }
  return labels;
}

/**
 * Counts churn reasons; answers must be in time order (later answers of a user win).
 * @example churnReasons(answers, new Set(['acme']), surveys) // [{ surveyId: 'exit', choice: 'price', label: 'Too expensive', count: 2 }]
 */
export function churnReasons(answers: Iterable<ChoiceAnswer>, churned: ReadonlySet<string>, surveys: readonly ChoiceSurveyDefinition[]): ChurnReason[] {
  const churnSurveys = new Map(surveys.filter((s) => s.kind === 'choice' && s.topic === 'churn').map((s) => [s.id, labelsOf(s)]));
  const latest = new Map<string, ChoiceAnswer>();
  for (const a of answers) {
    if (!churnSurveys.has(a.surveyId) || a.accountId === null || !churned.has(a.accountId)) continue;
    const key = `${a.surveyId}\u0000${a.userKey}`;
    const held = latest.get(key);
    if (!held || a.timestamp >= held.timestamp) latest.set(key, a);
  }
  const counts = new Map<string, ChurnReason>();
  for (const a of latest.values()) {
    const choice = a.choice ?? null;
    if (choice === null || choice === '') continue;
    const key = `${a.surveyId}\u0000${choice}`;
    const reason = counts.get(key);
    if (reason) reason.count++;
    else counts.set(key, { surveyId: a.surveyId, choice, label: churnSurveys.get(a.surveyId)!.get(choice) ?? choice, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || (a.surveyId < b.surveyId ? -1 : a.surveyId > b.surveyId ? 1 : a.choice < b.choice ? -1 : 1));
}
