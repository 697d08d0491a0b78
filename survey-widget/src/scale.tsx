// The score scale as an ARIA radiogroup with a roving tabindex: Tab enters it once, arrow keys move
// focus between scores without picking, Space/Enter (native button activation) or a click picks.
import { useRef, useState } from 'preact/hooks';
import type { SurveyKind } from '@uptake/protocol';
import { scaleScores } from './follow-up.js';
import type { Strings } from './strings.js';

export interface ScaleProps {
  kind: SurveyKind;
  strings: Strings;
  /** The score picked so far (shown checked), or null. */
  picked: number | null;
  onPick(score: number): void;
}

const STEP: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/**
 * NPS 0–10 or CSAT 1–5 (five labelled options).
 * @example <Scale kind="nps" strings={pickStrings('en')} picked={null} onPick={send} />
 */
export function Scale({ kind, strings, picked, onPick }: ScaleProps) {
  const scores = scaleScores(kind);
  const [active, setActive] = useState(picked === null ? 0 : scores.indexOf(picked));
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);

  const focusAt = (index: number) => {
    const wrapped = (index + scores.length) % scores.length;
    setActive(wrapped);
    buttons.current[wrapped]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const last = scores.length - 1;
    const target = e.key in STEP ? active + STEP[e.key] : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (target === null) return;
    e.preventDefault();
    focusAt(target);
  };

  return (
    <>
      <div role="radiogroup" aria-labelledby="uq" aria-describedby={kind === 'nps' ? 'ue' : undefined} class={`scale ${kind}`} onKeyDown={onKeyDown}>
        {scores.map((score, i) => (
          <button
            type="button"
            role="radio"
            aria-checked={score === picked}
            tabIndex={i === active ? 0 : -1}
            ref={(el) => void (buttons.current[i] = el)}
            onFocus={() => setActive(i)}
            onClick={() => onPick(score)}
          >
            {kind === 'nps' ? score : [<b>{score}</b>, strings.csat[score - 1]]}
          </button>
        ))}
      </div>
      {kind === 'nps' && (
        <div class="ends" id="ue">
          <span>0 – {strings.npsLow}</span>
          <span>{strings.npsHigh} – 10</span>
        </div>
      )}
    </>
  );
}
