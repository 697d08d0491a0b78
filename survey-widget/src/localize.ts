// Survey texts in the reader's language (SPEC §13): a text may be one string or one per locale; the
// widget picks the page's locale as for its own strings and falls back to the project's default.
import type { LocalizedText } from '@uptake/protocol';

/** Languages written right to left. */
const RTL = ['ar', 'he', 'fa', 'ur'];

const language = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0];

/**
 * The locale whose text to show: the exact tag (`fr-CA`), else its language (`fr`), else the default
 * locale, else any (a survey is never hidden for lack of a translation). A plain string: `locale`.
 * @example pickLocale({ en: 'Hi', fr: 'Salut' }, 'fr-CA', 'en') // → 'fr'
 */
export function pickLocale(text: LocalizedText, locale: string, defaultLocale: string): string {
  if (typeof text === 'string') return locale;
  const keys = Object.keys(text);
  const find = (tag: string) => keys.find((k) => k.toLowerCase() === tag.toLowerCase()) ?? keys.find((k) => language(k) === language(tag));
  return find(locale || defaultLocale) ?? find(defaultLocale) ?? find('en') ?? keys[0];
}

/**
 * The text for a locale, with `pickLocale`'s fallbacks.
 * @example localize({ en: 'Hi', fr: 'Salut' }, 'de', 'en') // → 'Hi'
 */
export function localize(text: LocalizedText, locale: string, defaultLocale: string): string {
  return typeof text === 'string' ? text : text[pickLocale(text, locale, defaultLocale)] ?? '';
}

/**
 * Whether a locale is written right to left (Arabic, Hebrew, Persian, Urdu).
 * @example isRightToLeft('ar-EG') // → true
 */
export function isRightToLeft(locale: string): boolean {
  return RTL.includes(language(locale));
}
