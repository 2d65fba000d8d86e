import { nanArray } from '../arrays';

/** On-balance volume as TA-Lib: starts at the first bar's volume, adds volume on up closes, subtracts it on down closes. */
export function obv(close: readonly number[], volume: readonly number[]): number[] {
  const n = close.length;
  const out = nanArray(n);
  if (n === 0) return out;
  let acc = volume[0]!;
  out[0] = acc;
  for (let i = 1; i < n; i++) {
    if (close[i]! > close[i - 1]!) acc += volume[i]!;
    else if (close[i]! < close[i - 1]!) acc -= volume[i]!;
    out[i] = acc;
  }
  return out;
}
