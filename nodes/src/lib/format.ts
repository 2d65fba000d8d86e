import { formatCount, formatPercent, formatRatio } from '@coinlab/shared';

/**
 * Number and date formatting for report text and rankings: the shared rule per kind of quantity
 * (the inspector and the CLI use the same), so a figure reads the same wherever it is shown.
 * Its own module so that evaluate (rankings) and report (documents) share it without evaluate
 * depending on the report.
 */

/** A dimensionless figure (AUC, Sharpe, a threshold): 4 significant digits. */
export const ratio = (x: number | undefined): string => formatRatio(x);

/** A whole number with thousands separators. */
export const count = (n: number | undefined): string => formatCount(n);

/** A fraction as a percentage. */
export function pct(x: number | undefined, digits = 2): string {
  return x === undefined || !Number.isFinite(x) ? '–' : formatPercent(x, digits);
}

export function isoDay(ts: number | undefined): string {
  return ts === undefined ? '–' : new Date(ts).toISOString().replace('T', ' ').slice(0, 16);
}
