/** Percentiles of a sample (nearest-rank on a sorted copy); `p` in 0..100. NaN for an empty sample. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median of a sample (the 50th percentile). */
export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** p50 and p99 of a sample, in the sample's unit. */
export interface Spread {
  p50: number;
  p99: number;
}

/** p50 and p99 of a sample. */
export const spread = (samples: readonly number[]): Spread => ({ p50: percentile(samples, 50), p99: percentile(samples, 99) });

/** A number for a table cell: thousands separated, `digits` decimals. */
export function fmt(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return '—';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `a / b` as a ratio cell such as `0.83×` (— when b is 0 or either is unknown). */
export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : '—';
}
