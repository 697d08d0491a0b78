// The widget's own words in every language it speaks; the survey's question comes from its definition.
// Chosen by `appearance.locale`, else the page's `<html lang>`, else English.

export interface Strings {
  close: string;
  /** NPS scale ends. */
  npsLow: string;
  npsHigh: string;
  /** CSAT options 1…5. */
  csat: [string, string, string, string, string];
  /** CES scale ends (1 and 7). */
  cesLow: string;
  cesHigh: string;
  /** A choice survey's free-text option, and the question above its text box. */
  other: string;
  otherPrompt: string;
  commentPlaceholder: string;
  send: string;
  thanks: string;
}

const en: Strings = {
  close: 'Close',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  csat: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  cesLow: 'Very difficult',
  cesHigh: 'Very easy',
  other: 'Other',
  otherPrompt: 'Please tell us more',
  commentPlaceholder: 'Your answer (optional)',
  send: 'Send',
  thanks: 'Thank you for your feedback!',
};

const fr: Strings = {
  close: 'Fermer',
  npsLow: 'Pas du tout probable',
  npsHigh: 'Très probable',
  csat: ['Très insatisfait', 'Insatisfait', 'Neutre', 'Satisfait', 'Très satisfait'],
  cesLow: 'Très difficile',
  cesHigh: 'Très facile',
  other: 'Autre',
  otherPrompt: 'Précisez, s’il vous plaît',
  commentPlaceholder: 'Votre réponse (facultatif)',
  send: 'Envoyer',
  thanks: 'Merci pour votre avis !',
};

const de: Strings = {
  close: 'Schließen',
  npsLow: 'Überhaupt nicht wahrscheinlich',
  npsHigh: 'Äußerst wahrscheinlich',
  csat: ['Sehr unzufrieden', 'Unzufrieden', 'Neutral', 'Zufrieden', 'Sehr zufrieden'],
  cesLow: 'Sehr schwierig',
  cesHigh: 'Sehr einfach',
  other: 'Andere',
  otherPrompt: 'Bitte erläutern Sie',
  commentPlaceholder: 'Ihre Antwort (optional)',
  send: 'Senden',
  thanks: 'Vielen Dank für Ihr Feedback!',
};

const es: Strings = {
  close: 'Cerrar',
  npsLow: 'Nada probable',
  npsHigh: 'Muy probable',
  csat: ['Muy insatisfecho', 'Insatisfecho', 'Neutral', 'Satisfecho', 'Muy satisfecho'],
  cesLow: 'Muy difícil',
  cesHigh: 'Muy fácil',
  other: 'Otro',
  otherPrompt: 'Por favor, especifique',
  commentPlaceholder: 'Su respuesta (opcional)',
  send: 'Enviar',
  thanks: '¡Gracias por sus comentarios!',
};

export const STRINGS: Record<string, Strings> = { en, fr, de, es };

/**
 * The strings for a BCP 47 tag, by its language part (`fr-CA` → French); English when unknown.
 * @example pickStrings('de-AT').send // → 'Senden'
 */
export function pickStrings(locale: string | null | undefined): Strings {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return STRINGS[language] ?? en;
}
