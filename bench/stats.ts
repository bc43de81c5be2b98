/** Medians with their spread, as the results table quotes them. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  if (!values.length) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

export function formatSpread(s: Spread, unit = "", digits = 0): string {
  const f = (v: number) => `${v.toFixed(digits)}${unit}`;
  return s.n > 1 ? `${f(s.median)} (${f(s.min)}–${f(s.max)}, n=${s.n})` : `${f(s.median)} (n=${s.n})`;
}
