// The widget's own words in every language it speaks; the survey's question comes from its definition.
// Chosen by `appearance.locale`, else the page's `<html lang>`, else English.

export interface Strings {
  close: string;
  /** NPS scale ends. */
  npsLow: string;
  npsHigh: string;
  /** CSAT options 1…5. */
  csat: [string, string, string, string, string];
  commentPlaceholder: string;
  send: string;
  thanks: string;
}

const en: Strings = {
  close: 'Close',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  csat: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  commentPlaceholder: 'Your answer (optional)',
  send: 'Send',
  thanks: 'Thank you for your feedback!',
};

const fr: Strings = {
  close: 'Fermer',
  npsLow: 'Pas du tout probable',
  npsHigh: 'Très probable',
  csat: ['Très insatisfait', 'Insatisfait', 'Neutre', 'Satisfait', 'Très satisfait'],
  commentPlaceholder: 'Votre réponse (facultatif)',
  send: 'Envoyer',
  thanks: 'Merci pour votre avis !',
};

const de: Strings = {
  close: 'Schließen',
  npsLow: 'Überhaupt nicht wahrscheinlich',
  npsHigh: 'Äußerst wahrscheinlich',
  csat: ['Sehr unzufrieden', 'Unzufrieden', 'Neutral', 'Zufrieden', 'Sehr zufrieden'],
  commentPlaceholder: 'Ihre Antwort (optional)',
  send: 'Senden',
  thanks: 'Vielen Dank für Ihr Feedback!',
};

const es: Strings = {
  close: 'Cerrar',
  npsLow: 'Nada probable',
  npsHigh: 'Muy probable',
  csat: ['Muy insatisfecho', 'Insatisfecho', 'Neutral', 'Satisfecho', 'Muy satisfecho'],
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
