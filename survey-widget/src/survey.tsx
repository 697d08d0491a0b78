// The survey dialog: question and options, then the follow-up for the picked answer, then thanks.
// It reports through `answer`; mounting, events' shared fields and closing live in mount.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LocalizedText, SurveyDef } from '@uptake/protocol';
import { followUpQuestion, scaleScores } from './follow-up.js';
import { Scale, type ScaleOption } from './scale.js';
import type { Strings } from './strings.js';

/** What `$survey_answered` carries besides the shared fields: a score, or a choice's key. */
export interface AnswerFields {
  score?: number;
  choice?: string;
  comment?: string;
}

export interface SurveyProps {
  survey: SurveyDef;
  strings: Strings;
  /** A survey text in the reader's locale (see localize.ts). */
  text(value: LocalizedText): string;
  /** `rtl` for right-to-left locales. */
  dir: 'rtl' | 'ltr';
  brandColor: string | null;
  position: 'bottom-right' | 'bottom-left' | 'center';
  /** Sends `$survey_answered` with these fields (the rest is added by the caller). */
  answer(fields: AnswerFields): void;
  /** Closes the widget; `dismissed` when nothing was picked yet. */
  close(dismissed: boolean): void;
}

/** How long the thank-you stays before the widget closes itself. */
const THANKS_MS = 3000;
/** The key of the free-text option of a `choice` survey. */
const OTHER = 'other';

type Value = number | string;

/** The options of the survey's kind, and the id of the text naming the scale's ends, if any. */
function optionsOf(survey: SurveyDef, strings: Strings, text: SurveyProps['text']): Array<ScaleOption<Value>> {
  if (survey.kind === 'choice') {
    const options: Array<ScaleOption<Value>> = (survey.choices ?? []).map((c) => ({ value: c.key, label: text(c.label) }));
    if (survey.other) options.push({ value: OTHER, label: strings.other });
    return options;
  }
  return scaleScores(survey.kind).map((score) => ({ value: score, label: survey.kind === 'csat' ? [<b>{score}</b>, strings.csat[score - 1]] : score }));
}

/**
 * The dialog, labelled by its current heading (the question, then the thank-you).
 * @example render(<Survey survey={def} strings={pickStrings('en')} text={(t) => localize(t, 'en', 'en')} dir="ltr" brandColor={null} position="bottom-right" answer={a} close={c} />, root)
 */
export function Survey({ survey, strings, text, dir, brandColor, position, answer, close }: SurveyProps) {
  const [picked, setPicked] = useState<Value | null>(null);
  const [done, setDone] = useState(false);
  const card = useRef<HTMLDivElement>(null);
  const comment = useRef<HTMLTextAreaElement>(null);
  const isChoice = survey.kind === 'choice';
  const followUpOf = (value: Value): string | null => {
    if (isChoice) return value === OTHER ? strings.otherPrompt : null;
    const question = followUpQuestion(survey, value as number);
    return question === null ? null : text(question);
  };
  const followUp = picked === null ? null : followUpOf(picked);
  const ends = survey.kind === 'nps' ? ['0 – ' + strings.npsLow, strings.npsHigh + ' – 10'] : survey.kind === 'ces' ? ['1 – ' + strings.cesLow, strings.cesHigh + ' – 7'] : null;

  useEffect(() => {
    if (followUp) comment.current?.focus();
  }, [followUp]);

  useEffect(() => {
    if (!done) return;
    card.current?.focus();
    const timer = setTimeout(() => close(false), THANKS_MS);
    return () => clearTimeout(timer);
  }, [done]);

  const fieldsOf = (value: Value): AnswerFields => (isChoice ? { choice: value as string } : { score: value as number });

  const pick = (value: Value) => {
    setPicked(value);
    answer(fieldsOf(value));
    if (!followUpOf(value)) setDone(true);
  };

  const submit = () => {
    const typed = comment.current?.value.trim();
    if (typed && picked !== null) answer({ ...fieldsOf(picked), comment: typed });
    setDone(true);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    // The page's own Escape handlers (its modals) must not react to ours.
    e.stopPropagation();
    close(picked === null);
  };

  return (
    <div
      ref={card}
      class={`card ${position}`}
      role="dialog"
      aria-labelledby="uq"
      dir={dir}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      // Set through CSSOM (element.style), which a CSP without 'unsafe-inline' allows.
      style={brandColor ? { '--brand': brandColor } : undefined}
    >
      {done ? (
        <h2 id="uq" class="thanks">
          {strings.thanks}
        </h2>
      ) : (
        <>
          <h2 id="uq">{text(survey.question)}</h2>
          <Scale class={`scale ${survey.kind}`} options={optionsOf(survey, strings, text)} picked={picked} describedBy={ends ? 'ue' : undefined} onPick={pick} />
          {ends && (
            <div class="ends" id="ue">
              <span>{ends[0]}</span>
              <span>{ends[1]}</span>
            </div>
          )}
          {followUp && (
            <>
              <label for="uc">{followUp}</label>
              <textarea id="uc" ref={comment} placeholder={strings.commentPlaceholder} maxLength={2000} />
              <button type="button" class="send" onClick={submit}>
                {strings.send}
              </button>
            </>
          )}
        </>
      )}
      <button type="button" class="x" aria-label={strings.close} onClick={() => close(picked === null)}>
        ×
      </button>
    </div>
  );
}
