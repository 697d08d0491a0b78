// The SDK side of surveys (SPEC §4, §5): asks the collector which surveys are due, waits for their
// trigger, and only then loads the widget bundle with a dynamic import(); one survey at a time.
import type { MountSurvey, SurveyAppearance, SurveyDef, SurveyEventProperties, SurveysResponse } from '@uptake/protocol';
import type { Identity } from './identity.js';
import type { ExperimentDef } from '@uptake/protocol';
import { log } from './log.js';
import { saveExperiments } from './experiments.js';

export interface Surveys {
  /** Asks for due surveys again (coalesced) and arms their triggers. */
  refresh(): void;
  /** Call on every track(): fires surveys triggered by this event. */
  onEvent(name: string): void;
  /** Shows the survey now if the collector lists it as eligible, ignoring its trigger. */
  show(id: string): Promise<boolean>;
}

/**
 * Creates the survey scheduler of a client. `track` sends a widget event through the durable queue;
 * `beforeFetch` runs before each eligibility request (sends queued identify/group calls so the answer
 * sees them). Parameters, not an object: their names shrink in the bundle.
 * @example const surveys = createSurveys(host, writeKey, () => identity, track, flush); surveys.refresh()
 */
export function createSurveys(
  host: string,
  writeKey: string,
  identity: () => Identity,
  track: (event: string, properties: SurveyEventProperties) => void,
  beforeFetch: () => Promise<unknown>,
  appearance?: SurveyAppearance,
): Surveys {
  let active = false;
  const shown = new Set<string>();
  let waiting: SurveyDef[] = [];
  let timers: ReturnType<typeof setTimeout>[] = [];
  let scheduled: ReturnType<typeof setTimeout> | undefined;
  // Events tracked while an eligibility request is in flight, so a trigger right after load still fires.
  let tracked: string[] | undefined;

  const eligible = async (): Promise<SurveyDef[]> => {
    await beforeFetch();
    // JSON leaves out the absent userId / groupId (≈ 20 B gzip less than setting each).
    const query = new URLSearchParams(JSON.parse(JSON.stringify({ writeKey: writeKey, ...identity(), url: location.href })));
    const response = await fetch(`${host}/v1/surveys?${query}`, { credentials: 'omit' });
    if (!response.ok) throw response.status;
    const body = (await response.json()) as SurveysResponse & { experiments?: ExperimentDef[] };
    saveExperiments(body.experiments);
    return body.surveys || [];
  };

  const display = async (survey: SurveyDef): Promise<boolean> => {
    if (active || shown.has(survey.id)) return false;
    active = true;
    shown.add(survey.id);
    try {
      // A computed specifier keeps bundlers (rollup, webpack, vite) from resolving it at build time.
      const widget = (await import(/* webpackIgnore: true */ /* @vite-ignore */ host + '/sdk/uptake-surveys.js')) as { mountSurvey: MountSurvey };
      widget.mountSurvey({ survey, appearance, track, onClose: () => (active = false) });
      return true;
    } catch (error) {
      active = false;
      log(error);
      return false;
    }
  };

  const arm = (list: SurveyDef[], recent: string[]) => {
    timers.forEach(clearTimeout);
    timers = [];
    waiting = [];
    for (const survey of list) {
      // A survey already shown is refused by display().
      const trigger = survey.trigger;
      if (!trigger) display(survey);
      // A trigger is { event } or { delaySeconds } (protocol's SurveyTrigger): the second needs no test.
      else if ('event' in trigger) recent.includes(trigger.event) ? display(survey) : waiting.push(survey);
      else timers.push(setTimeout(() => display(survey), trigger.delaySeconds * 1000));
    }
  };

  const check = () => {
    const recent: string[] = (tracked = []);
    eligible()
      .then((list) => arm(list, recent))
      .catch(log)
      .finally(() => tracked === recent && (tracked = undefined));
  };

  return {
    refresh() {
      clearTimeout(scheduled);
      scheduled = setTimeout(check);
    },
    onEvent(name) {
      tracked?.push(name);
      // forEach, not for…of: no iterator per tracked event.
      waiting.forEach((survey) => (survey.trigger as { event?: string }).event === name && display(survey));
    },
    // Not listed: display(undefined) rejects (reading its id), which the facade answers with false.
    // `==`: an id given as a number finds the survey too.
    show: (id) => eligible().then((list) => display(list.find((s) => s.id == id)!)),
  };
}
