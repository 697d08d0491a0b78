// The statistics of experiment reports (SPEC §12): ratio metrics over units with delta-method
// variance, normal intervals and p-values for differences, and the chi-square sample ratio check.
// Pure functions, no dependencies.

/** One unit's contribution to a ratio metric: the metric is Σ numerator / Σ denominator over units. */
export interface UnitValue {
  numerator: number;
  denominator: number;
}

export interface RatioEstimate {
  /** Σ numerator / Σ denominator; null when Σ denominator is 0. */
  value: number | null;
  numerator: number;
  denominator: number;
  /** Delta-method variance of `value` over units; null below 2 units with a denominator > 0. */
  variance: number | null;
}

/**
 * Ratio R = Σn/Σd over k units, with the delta-method variance over units:
 * Var(R) ≈ Σ (nᵢ − R·dᵢ)² / ((k − 1) · k · d̄²), which equals (s²ₙ − 2R·sₙd + R²·s²d) / (k·d̄²).
 * Units, not the users inside them, are the independent samples.
 * @example ratioEstimate([{ numerator: 1, denominator: 1 }, { numerator: 0, denominator: 1 }]) // value 0.5, variance 0.125
 */
export function ratioEstimate(units: readonly UnitValue[]): RatioEstimate {
  let numerator = 0;
  let denominator = 0;
  for (const u of units) {
    numerator += u.numerator;
    denominator += u.denominator;
  }
  const k = units.length;
  if (denominator === 0) return { value: null, numerator, denominator, variance: null };
  const value = numerator / denominator;
  // Fewer than 2 units that count for the metric (a denominator > 0) leave no variance to estimate.
  if (units.filter((u) => u.denominator > 0).length < 2) return { value, numerator, denominator, variance: null };
  let squares = 0;
  for (const u of units) squares += (u.numerator - value * u.denominator) ** 2;
  const meanDenominator = denominator / k;
  return { value, numerator, denominator, variance: squares / ((k - 1) * k * meanDenominator ** 2) };
}

/** z of a two-sided 95 % interval. */
export const Z_95 = 1.959963984540054;

export interface Difference {
  /** Treatment − baseline. */
  difference: number;
  ciLow: number;
  ciHigh: number;
  /** Two-sided p-value of "no difference" (normal approximation). */
  pValue: number;
}

/**
 * The difference of two independent estimates with a 95 % interval and two-sided p-value; null when
 * either has no value or no variance.
 * @example compareRatios(baseline, treatment)?.pValue
 */
export function compareRatios(baseline: RatioEstimate, treatment: RatioEstimate): Difference | null {
  if (baseline.value === null || treatment.value === null || baseline.variance === null || treatment.variance === null) return null;
  const difference = treatment.value - baseline.value;
  const se = Math.sqrt(baseline.variance + treatment.variance);
  // Both variances 0 (every unit identical): the difference is certain.
  const pValue = se === 0 ? (difference === 0 ? 1 : 0) : Math.min(1, erfc(Math.abs(difference) / se / Math.SQRT2));
  return { difference, ciLow: difference - Z_95 * se, ciHigh: difference + Z_95 * se, pValue };
}

/**
 * Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7).
 * @example erfc(1) // 0.1572992
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
    + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Regularised upper incomplete gamma Q(a, x) (series below a + 1, continued fraction above).
 * @example upperGamma(0.5, 1.92) // ≈ 0.05 (chi-square 3.84 with 1 df)
 */
export function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 500 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) sum += (term *= x / (a + n));
    return Math.max(0, 1 - sum * front);
  }
  // Lentz's continued fraction.
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return front * h;
}

export interface SampleRatioCheck {
  chiSquare: number | null;
  /** Chi-square p-value of the units per variant against the weights; null without units. */
  pValue: number | null;
  /** pValue < 0.001: assignment or exposure tracking is broken; do not trust the results. */
  flagged: boolean;
}

/** p-value below which a sample ratio mismatch is flagged. */
export const SRM_THRESHOLD = 0.001;

/**
 * Pearson's chi-square of observed units per variant against the shares of the weights (k − 1 df).
 * @example sampleRatioMismatch([90, 10], [50, 50]).flagged // true (χ² = 64)
 */
export function sampleRatioMismatch(observed: readonly number[], weights: readonly number[]): SampleRatioCheck {
  const total = observed.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || observed.length < 2) return { chiSquare: null, pValue: null, flagged: false };
  let chiSquare = 0;
  observed.forEach((o, i) => {
    const expected = (total * weights[i]) / weightSum;
    chiSquare += (o - expected) ** 2 / expected;
  });
  const pValue = upperGamma((observed.length - 1) / 2, chiSquare / 2);
  return { chiSquare, pValue, flagged: pValue < SRM_THRESHOLD };
}
