// The survey dialog: question and scale, then the follow-up for the picked score's category, then
// thanks. It reports through `send`; mounting, events' shared fields and closing live in mount.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SurveyDef } from '@uptake/protocol';
import { followUpQuestion } from './follow-up.js';
import { Scale } from './scale.js';
import type { Strings } from './strings.js';

export interface SurveyProps {
  survey: SurveyDef;
  strings: Strings;
  brandColor: string | null;
  position: 'bottom-right' | 'bottom-left' | 'center';
  /** Sends `$survey_answered` with these fields (the rest is added by the caller). */
  answer(fields: { score: number; comment?: string }): void;
  /** Closes the widget; `dismissed` when no score was picked yet. */
  close(dismissed: boolean): void;
}

/** How long the thank-you stays before the widget closes itself. */
const THANKS_MS = 3000;

/**
 * The dialog, labelled by its current heading (the question, then the thank-you).
 * @example render(<Survey survey={def} strings={pickStrings('en')} brandColor={null} position="bottom-right" answer={a} close={c} />, root)
 */
export function Survey({ survey, strings, brandColor, position, answer, close }: SurveyProps) {
  const [score, setScore] = useState<number | null>(null);
  const [done, setDone] = useState(false);
  const card = useRef<HTMLDivElement>(null);
  const comment = useRef<HTMLTextAreaElement>(null);
  const followUp = score === null ? null : followUpQuestion(survey, score);

  useEffect(() => {
    if (followUp) comment.current?.focus();
  }, [followUp]);

  useEffect(() => {
    if (!done) return;
    card.current?.focus();
    const timer = setTimeout(() => close(false), THANKS_MS);
    return () => clearTimeout(timer);
  }, [done]);

  const pick = (picked: number) => {
    setScore(picked);
    answer({ score: picked });
    if (!followUpQuestion(survey, picked)) setDone(true);
  };

  const submit = () => {
    const text = comment.current?.value.trim();
    if (text && score !== null) answer({ score, comment: text });
    setDone(true);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    // The page's own Escape handlers (its modals) must not react to ours.
    e.stopPropagation();
    close(score === null);
  };

  return (
    <div
      ref={card}
      class={`card ${position}`}
      role="dialog"
      aria-labelledby="uq"
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
          <h2 id="uq">{survey.question}</h2>
          <Scale kind={survey.kind} strings={strings} picked={score} onPick={pick} />
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
      <button type="button" class="x" aria-label={strings.close} onClick={() => close(score === null)}>
        ×
      </button>
    </div>
  );
}
