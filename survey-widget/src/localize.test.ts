import { describe, expect, it } from 'vitest';
import { isRightToLeft, localize, pickLocale } from './localize.js';

const question = { en: 'How easy was it?', fr: 'Était-ce facile ?', 'pt-BR': 'Foi fácil?' };

describe('survey texts in the reader’s language', () => {
  it('picks the exact tag, else its language', () => {
    expect(localize(question, 'fr', 'en')).toBe('Était-ce facile ?');
    expect(localize(question, 'fr-CA', 'en')).toBe('Était-ce facile ?');
    expect(localize(question, 'pt-br', 'en')).toBe('Foi fácil?');
    expect(localize(question, 'pt-PT', 'en')).toBe('Foi fácil?');
  });

  it('falls back to the default locale, never to nothing', () => {
    expect(localize(question, 'de', 'en')).toBe('How easy was it?');
    expect(localize(question, 'de', 'fr')).toBe('Était-ce facile ?');
    expect(localize(question, '', 'fr')).toBe('Était-ce facile ?');
    // Neither the page's locale nor the default is there: English, else the first text.
    expect(localize({ ja: 'かんたん?' }, 'de', 'fr')).toBe('かんたん?');
  });

  it('shows a plain string whatever the locale', () => {
    expect(localize('Hello', 'fr', 'en')).toBe('Hello');
    expect(pickLocale('Hello', 'ar', 'en')).toBe('ar');
  });

  it('writes Arabic, Hebrew, Persian and Urdu right to left', () => {
    expect(['ar', 'he-IL', 'fa', 'UR', 'en', 'fr', 'tr'].map(isRightToLeft)).toEqual([true, true, true, true, false, false, false]);
  });
});
