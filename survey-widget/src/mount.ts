// Entry of `uptake-surveys.js`: `mountSurvey` (the SDK↔widget contract in @uptake/protocol) puts
// one survey in a shadow root on document.body, reports its events and restores focus on close.
import { h, render } from 'preact';
import type { LocalizedText, MountSurvey, SurveyEventProperties, WidgetHost } from '@uptake/protocol';
import { adoptStyles } from './styles.js';
import { pickStrings } from './strings.js';
import { isRightToLeft, localize, pickLocale } from './localize.js';
import { Survey } from './survey.js';
import { newResponseId } from './response-id.js';

const POSITIONS = ['bottom-right', 'bottom-left', 'center'] as const;

/** Fields the user is typing into: opening a survey must not steal their focus. */
const isEditing = (el: Element | null): boolean =>
  !!el && (el.matches('input,textarea,select') || (el as HTMLElement).isContentEditable);

/**
 * Shows a survey; returns `close()` to remove it (without a dismissal event).
 * @example const { close } = mountSurvey({ survey, track: uptake.track, onClose() {} })
 */
export const mountSurvey: MountSurvey = (host: WidgetHost) => {
  const { survey } = host;
  const look = { ...host.appearance, ...survey.appearance };
  const locale = look.locale || document.documentElement.lang;
  const strings = pickStrings(locale);
  const defaultLocale = survey.defaultLocale || 'en';
  const text = (value: LocalizedText) => localize(value, locale, defaultLocale);
  const dir = isRightToLeft(pickLocale(survey.question, locale, defaultLocale)) ? 'rtl' : 'ltr';
  const position = POSITIONS.find((p) => p === look.position) ?? 'bottom-right';
  const brandColor = look.brandColor && CSS.supports('color', look.brandColor) ? look.brandColor : null;
  const responseId = newResponseId();
  const previous = document.activeElement as HTMLElement | null;

  const send = (event: string, extra: Partial<SurveyEventProperties> = {}) => {
    try {
      host.track(event, { surveyId: survey.id, kind: survey.kind, responseId, ...extra });
    } catch {
      // A failing host callback must not break the survey or the page.
    }
  };

  const element = document.createElement('uptake-survey');
  const root = element.attachShadow({ mode: 'open' });
  adoptStyles(root);
  let open = true;

  const close = (dismissed: boolean) => {
    if (!open) return;
    open = false;
    if (dismissed) send('$survey_dismissed');
    const focusInside = document.activeElement === element || document.activeElement === document.body;
    render(null, root);
    element.remove();
    if (focusInside && previous?.isConnected) previous.focus();
    try {
      host.onClose();
    } catch {
      // As above: the host's callback is not ours to fail on.
    }
  };

  render(h(Survey, { survey, strings, text, dir, brandColor, position, answer: (fields) => send('$survey_answered', fields), close }), root);
  // A survey due on load can arrive before <body> is parsed when the script sits in <head>.
  (document.body ?? document.documentElement).append(element);
  send('$survey_shown');
  if (!isEditing(previous)) root.querySelector<HTMLElement>('[role=dialog]')?.focus({ preventScroll: true });
  return { close: () => close(false) };
};
