/** Small formatting helpers shared by cards, tables and lists. */

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s % 60);
  if (m < 60) return `${m}m ${rest}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function formatTime(ts: number | null | undefined): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return '';
  const d = new Date(ts);
  const now = new Date();
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Date and time in local time on one short line, `21 Nov 08:41` (`3 Jan 2024 17:05` in
 * another year), for lists where the time alone is ambiguous (versions saved days apart).
 */
export function formatDateTime(ts: number | null | undefined, now: number = Date.now()): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return '';
  const d = new Date(ts);
  const year = d.getFullYear() === new Date(now).getFullYear() ? '' : ` ${d.getFullYear()}`;
  return `${d.getDate()} ${MONTHS[d.getMonth()]}${year} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** The whole timestamp with seconds and time zone, for a tooltip beside formatDateTime. */
export function formatFullDateTime(ts: number | null | undefined): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return '';
  return new Date(ts).toLocaleString([], { dateStyle: 'full', timeStyle: 'long' });
}

export function formatTs(ts: number): string {
  if (!Number.isFinite(ts)) return String(ts);
  return new Date(ts).toISOString().replace('T', ' ').replace(/:00\.000Z$/, '').replace(/\.000Z$/, '').replace(/Z$/, '');
}

/** A number in at most `significant` digits (integers whole), very small or large ones in exponent form. */
export function formatNumber(v: unknown, significant = 6): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '' : String(v);
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '-∞';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return v.toExponential(3);
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(significant)).toString();
}

/**
 * One format for a whole table column: the same number of decimals in every row, enough
 * for five significant digits of the column's largest value (prices 0.098998, correlations
 * 0.6551, volumes 1234.5), so the digits line up instead of reading 0.099 above 0.0989978.
 * Columns of whole numbers stay whole; extreme magnitudes fall back to formatNumber.
 * Narrow tables ask for fewer digits (`significant` 3: 0.680, 0.0460).
 */
export function columnFormatter(values: ArrayLike<unknown>, significant = 5): (v: unknown) => string {
  let maxAbs = 0;
  let fractional = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    maxAbs = Math.max(maxAbs, Math.abs(v));
    if (!fractional && !Number.isInteger(v)) fractional = true;
  }
  if (!fractional || maxAbs < 1e-4 || maxAbs >= 1e9) return (v) => formatNumber(v);
  const decimals = Math.min(8, Math.max(0, significant - 1 - Math.floor(Math.log10(maxAbs))));
  return (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return formatNumber(v);
    const text = v.toFixed(decimals);
    return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text; // no "-0.0000"
  };
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A param value in a few characters, for node cards. */
export function shortValue(v: unknown): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.length <= 2 ? v.map(shortValue).join(', ') : `${shortValue(v[0])}, +${v.length - 1}`;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v.length > 18 ? `${v.slice(0, 17)}…` : v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v === null) return '—';
  return '{…}';
}

/** `lookback_bars` / `minTrades` -> `Lookback bars` / `Min trades` */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Descriptions mark code with backticks; tooltips show them plain. */
export function plainText(s: string): string {
  return s.replace(/`([^`]*)`/g, '$1');
}

/**
 * The shared rule per kind of quantity (percent, price, ratio, count, time), the same the
 * report and the CLI use: views format a value by its declared kind, not by its name.
 */
export { formatCount, formatPercent, formatPrice, formatQuantity, formatRatio, kindColumnFormatter, type QuantityKind } from '@coinlab/shared';
