/**
 * Moving averages in the TA-Lib conventions: outputs aligned with the input (NaN during
 * warm-up), EMA seeded with the simple average of its first `period` values. A NaN in the
 * input restarts the warm-up so gaps never leak stale values.
 */
export function sma(values: readonly number[], period: number): number[] {
  const out = new Array<number>(values.length).fill(Number.NaN);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      sum = 0;
      count = 0;
      continue;
    }
    sum += v;
    count++;
    if (count > period) sum -= values[i - period]!;
    if (count >= period) out[i] = sum / period;
  }
  return out;
}

export function ema(values: readonly number[], period: number, alpha = 2 / (period + 1)): number[] {
  const out = new Array<number>(values.length).fill(Number.NaN);
  let seedSum = 0;
  let count = 0;
  let prev = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      seedSum = 0;
      count = 0;
      prev = Number.NaN;
      continue;
    }
    if (count < period) {
      seedSum += v;
      count++;
      if (count === period) out[i] = prev = seedSum / period;
      continue;
    }
    prev = prev + alpha * (v - prev);
    out[i] = prev;
  }
  return out;
}
