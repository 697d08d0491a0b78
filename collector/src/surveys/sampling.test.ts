import { describe, expect, it } from 'vitest';
import { inSample, sampleBucket } from './sampling.js';

describe('survey sampling', () => {
  it('puts the same user in the same bucket on every call', () => {
    const first = sampleBucket('user-42', 'nps-2026');
    for (let i = 0; i < 5; i++) expect(sampleBucket('user-42', 'nps-2026')).toBe(first);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(1);
  });

  it('hashes `${id}:${surveyId}` with FNV-1a and a murmur finaliser, so every collector agrees', () => {
    // Computed independently (a Python port of the algorithm); a change here reshuffles every sample.
    expect(sampleBucket('user-42', 'nps-2026')).toBe(0.6716778047848493);
    expect(sampleBucket('', '')).toBe(0.28190421988256276);
    expect(sampleBucket('a', 'b')).not.toBe(sampleBucket('b', 'a'));
  });

  it('samples within 2 percentage points of sampleRate over 10 000 users', () => {
    for (const rate of [0.1, 0.25, 0.5, 0.9]) {
      let taken = 0;
      for (let i = 0; i < 10_000; i++) if (inSample(`user-${i}`, 'nps-2026', rate)) taken++;
      expect(Math.abs(taken / 10_000 - rate)).toBeLessThan(0.02);
    }
  });

  it('samples independently per survey', () => {
    let both = 0;
    for (let i = 0; i < 10_000; i++) if (inSample(`u${i}`, 'nps', 0.5) && inSample(`u${i}`, 'csat', 0.5)) both++;
    expect(Math.abs(both / 10_000 - 0.25)).toBeLessThan(0.02);
  });

  it('takes everyone at rate 1 and no one at rate 0', () => {
    for (let i = 0; i < 1000; i++) {
      expect(inSample(`user-${i}`, 's', 1)).toBe(true);
      expect(inSample(`user-${i}`, 's', 0)).toBe(false);
    }
  });
});
