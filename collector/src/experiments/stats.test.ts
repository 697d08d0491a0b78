import { describe, expect, it } from 'vitest';
import { compareRatios, erfc, ratioEstimate, sampleRatioMismatch, upperGamma } from './stats.js';

const units = (...pairs: [number, number][]) => pairs.map(([numerator, denominator]) => ({ numerator, denominator }));

describe('experiment statistics', () => {
  it('ratio over units with delta-method variance', () => {
    // n = 1, 0, 1, 1 over d = 1 each: R = 3/4; residuals nᵢ − R·dᵢ = .25, −.75, .25, .25; Σ² = .0625·3 + .5625 = .75;
    // d̄ = 1, k = 4: Var = .75 / (3 · 4 · 1) = 0.0625 (the binomial p(1−p)/(k−1)·… form: .1875/3).
    expect(ratioEstimate(units([1, 1], [0, 1], [1, 1], [1, 1]))).toEqual({ value: 0.75, numerator: 3, denominator: 4, variance: 0.0625 });
    // Unequal denominators (NPS: Σ values / responses): n = 200, −100, 0 over d = 2, 1, 1: R = 100/4 = 25;
    // residuals 200 − 50 = 150, −100 − 25 = −125, 0 − 25 = −25; Σ² = 22500 + 15625 + 625 = 38750;
    // d̄ = 4/3; Var = 38750 / (2 · 3 · 16/9) = 38750 / 10.666… = 3632.8125.
    const nps = ratioEstimate(units([200, 2], [-100, 1], [0, 1]));
    expect(nps.value).toBe(25);
    expect(nps.variance).toBeCloseTo(3632.8125, 9);
    expect(ratioEstimate(units([1, 1])).variance).toBeNull();
    // Two units but only one with responses: no variance (a comparison would be null).
    expect(ratioEstimate(units([100, 1], [0, 0])).variance).toBeNull();
    expect(ratioEstimate(units([0, 0], [0, 0]))).toEqual({ value: null, numerator: 0, denominator: 0, variance: null });
  });

  it('compares two estimates with a 95 % interval and two-sided p-value', () => {
    // Baseline .75 ± var .0625, treatment: n = 0, 0, 1, 0 → R = .25, residuals −.25, −.25, .75, −.25 → Σ² = .75 → var .0625.
    // diff = −.5; se = √.125 = .353553; CI = −.5 ± 1.959964 · .353553 = [−1.192952, 0.192952];
    // z = .5/.353553 = 1.414214; p = erfc(1.414214/√2) = erfc(1) = 0.157299.
    const c = compareRatios(ratioEstimate(units([1, 1], [0, 1], [1, 1], [1, 1])), ratioEstimate(units([0, 1], [0, 1], [1, 1], [0, 1])))!;
    expect(c.difference).toBe(-0.5);
    expect(c.ciLow).toBeCloseTo(-1.192952, 6);
    expect(c.ciHigh).toBeCloseTo(0.192952, 6);
    expect(c.pValue).toBeCloseTo(0.157299, 6);
    expect(compareRatios(ratioEstimate(units([1, 1])), ratioEstimate(units([1, 1], [0, 1])))).toBeNull();
  });

  it('computes erfc and the chi-square tail to 6 digits', () => {
    expect(erfc(0)).toBeCloseTo(1, 7);
    expect(erfc(1)).toBeCloseTo(0.157299207, 7);
    expect(erfc(-1)).toBeCloseTo(1.842700793, 7);
    // χ² with 1 df: Q(1/2, x/2) = erfc(√(x/2)); x = 3.841459 → 0.05. With 2 df: Q(1, x/2) = e^(−x/2); x = 6 → e^−3 = 0.049787.
    expect(upperGamma(0.5, 3.841458820694124 / 2)).toBeCloseTo(0.05, 9);
    expect(upperGamma(1, 3)).toBeCloseTo(0.049787068, 9);
    expect(upperGamma(1, 0.5)).toBeCloseTo(Math.exp(-0.5), 9);
  });

  it('flags a 90/10 split of a 50/50 experiment and not a fair one', () => {
    // Expected 50/50 of 100: χ² = (40² + 40²)/50 = 64, 1 df: p = erfc(√32) = 1.244e-15 < 0.001.
    const bad = sampleRatioMismatch([90, 10], [50, 50]);
    expect(bad.chiSquare).toBe(64);
    expect(bad.pValue!).toBeLessThan(1e-14);
    expect(bad.flagged).toBe(true);
    // 52/48: χ² = (4 + 4)/50 = .16, p = erfc(√.08) = 0.689157.
    const fair = sampleRatioMismatch([52, 48], [1, 1]);
    expect(fair.pValue).toBeCloseTo(0.689157, 5);
    expect(fair.flagged).toBe(false);
    // 20/30/50 weights, 30/30/40 observed of 100: χ² = 100/20 + 0 + 100/50 = 7, 2 df: p = e^−3.5 = 0.030197.
    expect(sampleRatioMismatch([30, 30, 40], [20, 30, 50]).pValue).toBeCloseTo(0.030197, 6);
    expect(sampleRatioMismatch([0, 0], [1, 1])).toEqual({ chiSquare: null, pValue: null, flagged: false });
  });
});
