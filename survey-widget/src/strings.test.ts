import { describe, expect, it } from 'vitest';
import { STRINGS, pickStrings } from './strings.js';

describe('widget strings', () => {
  it('speaks English, French, German and Spanish, picked by the language part of the tag', () => {
    expect(pickStrings('en').send).toBe('Send');
    expect(pickStrings('fr-CA').send).toBe('Envoyer');
    expect(pickStrings('DE_at').send).toBe('Senden');
    expect(pickStrings('es').send).toBe('Enviar');
  });

  it('falls back to English for an unknown or missing language', () => {
    expect(pickStrings('ja').thanks).toBe('Thank you for your feedback!');
    expect(pickStrings('').close).toBe('Close');
    expect(pickStrings(undefined).close).toBe('Close');
  });

  it('labels all five CSAT options in every language', () => {
    for (const strings of Object.values(STRINGS)) {
      expect(strings.csat).toHaveLength(5);
      for (const label of strings.csat) expect(label.length).toBeGreaterThan(0);
    }
  });
});
