// A survey's options as an ARIA radiogroup with a roving tabindex: Tab enters it once, arrow keys move
// focus between options without picking, Space/Enter (native button activation) or a click picks.
// The same group serves every kind: NPS 0–10, CSAT 1–5, CES 1–7 and a choice list.
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';

export interface ScaleOption<V> {
  value: V;
  label: ComponentChildren;
}

export interface ScaleProps<V> {
  /** CSS class of the group (`scale nps`, `scale choice`, …). */
  class: string;
  options: Array<ScaleOption<V>>;
  /** The value picked so far (shown checked), or null. */
  picked: V | null;
  /** Id of the text describing the scale's ends, if any. */
  describedBy?: string;
  onPick(value: V): void;
}

const STEP: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/**
 * The radiogroup, labelled by the question heading (`#uq`).
 * @example <Scale class="scale nps" options={[{ value: 0, label: 0 }]} picked={null} onPick={send} />
 */
export function Scale<V extends string | number>({ class: className, options, picked, describedBy, onPick }: ScaleProps<V>) {
  const values = options.map((o) => o.value);
  const [active, setActive] = useState(picked === null ? 0 : values.indexOf(picked));
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);

  const focusAt = (index: number) => {
    const wrapped = (index + values.length) % values.length;
    setActive(wrapped);
    buttons.current[wrapped]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const last = values.length - 1;
    // In a right-to-left dialog the right arrow moves towards the start (ARIA practice); the
    // vertical arrows keep their meaning.
    const rtl = (e.currentTarget as HTMLElement).closest('[dir=rtl]') !== null;
    const step = e.key in STEP ? (rtl && e.key.startsWith('ArrowL') ? 1 : rtl && e.key.startsWith('ArrowR') ? -1 : STEP[e.key]) : 0;
    const target = step ? active + step : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (target === null) return;
    e.preventDefault();
    focusAt(target);
  };

  return (
    <div role="radiogroup" aria-labelledby="uq" aria-describedby={describedBy} class={className} onKeyDown={onKeyDown}>
      {options.map((option, i) => (
        <button
          type="button"
          role="radio"
          aria-checked={option.value === picked}
          tabIndex={i === active ? 0 : -1}
          ref={(el) => void (buttons.current[i] = el)}
          onFocus={() => setActive(i)}
          onClick={() => onPick(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
