import { formatPercent } from '@coinlab/shared';

/**
 * Number and date formatting for report text and rankings. Its own module so that evaluate
 * (rankings) and report (documents) share it without evaluate depending on the report.
 */
export function fmt(x: number | undefined, digits = 4): string {
  if (x === undefined || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return x.toExponential(3);
  return Number(x.toFixed(digits)).toString();
}

/** A fraction as a percentage: the shared rule for percentages (inspector, report, CLI). */
export function pct(x: number | undefined, digits = 2): string {
  return x === undefined || !Number.isFinite(x) ? '–' : formatPercent(x, digits);
}

export function isoDay(ts: number | undefined): string {
  return ts === undefined ? '–' : new Date(ts).toISOString().replace('T', ' ').slice(0, 16);
}
