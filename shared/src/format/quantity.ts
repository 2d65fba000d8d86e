/**
 * One formatting rule per kind of quantity, shared by the editor's inspector, the report and
 * the CLI, so the same number reads the same everywhere. Values are stored raw (fractions,
 * prices in the quote currency); only their display is decided here.
 * - percent: a fraction shown as a percentage, 0.014815 -> "1.48%".
 * - price: significant digits whatever the magnitude, so BTC-quoted prices such as
 *   0.00005123 and 0.00005131 stay distinct (never "0.00005" for both).
 * - ratio: a dimensionless figure (Sharpe, AUC, R²) in 4 significant digits.
 * - count: a whole number with thousands separators, "2,128,976".
 * - time: an epoch-millisecond instant as "YYYY-MM-DD HH:MM" UTC.
 */
export const QUANTITY_KINDS = ['percent', 'price', 'ratio', 'count', 'time'] as const;
export type QuantityKind = (typeof QUANTITY_KINDS)[number];

const MISSING = '–';
const nonFinite = (v: number) => (Number.isNaN(v) ? MISSING : v > 0 ? '∞' : '-∞');
/** "-0.00" and the like read as 0. */
const noNegativeZero = (s: string) => (/^-0(\.0*)?%?$/.test(s) ? s.slice(1) : s);

export function formatPercent(fraction: number | null | undefined, digits = 2): string {
  if (fraction === null || fraction === undefined) return MISSING;
  if (!Number.isFinite(fraction)) return nonFinite(fraction);
  const p = fraction * 100;
  // A tiny but nonzero percentage keeps two significant digits instead of reading 0.00%.
  if (p !== 0 && Math.abs(p) < 10 ** -digits) return `${Number(p.toPrecision(2))}%`;
  return noNegativeZero(`${p.toFixed(digits)}%`);
}

/** Decimals that show `significant` digits of a value of magnitude `abs` (no exponent form). */
function decimalsFor(abs: number, significant: number): number {
  if (abs === 0) return 0;
  return Math.min(12, Math.max(0, significant - 1 - Math.floor(Math.log10(abs))));
}

export function formatPrice(price: number | null | undefined, significant = 6): string {
  if (price === null || price === undefined) return MISSING;
  if (!Number.isFinite(price)) return nonFinite(price);
  if (Math.abs(price) >= 1e6) return Math.round(price).toLocaleString('en-US');
  return noNegativeZero(price.toFixed(decimalsFor(Math.abs(price), significant)));
}

export function formatRatio(x: number | null | undefined, significant = 4): string {
  if (x === null || x === undefined) return MISSING;
  if (!Number.isFinite(x)) return nonFinite(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e7)) return x.toExponential(3);
  return noNegativeZero(String(Number(x.toPrecision(significant))));
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return MISSING;
  if (!Number.isFinite(n)) return nonFinite(n);
  const whole = Math.round(n);
  const s = String(Math.abs(whole)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return whole < 0 ? `-${s}` : s;
}

export function formatInstant(ts: number | null | undefined): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return MISSING;
  return new Date(ts).toISOString().replace('T', ' ').slice(0, 16);
}

export function formatQuantity(kind: QuantityKind, v: number | null | undefined): string {
  switch (kind) {
    case 'percent':
      return formatPercent(v);
    case 'price':
      return formatPrice(v);
    case 'ratio':
      return formatRatio(v);
    case 'count':
      return formatCount(v);
    case 'time':
      return formatInstant(v);
  }
}

/**
 * One format for a whole column of one kind. Prices get the decimals that keep `significant`
 * digits of the column's smallest nonzero price, in every row, so digits line up and close
 * prices (0.00005123, 0.00005131) stay apart; the other kinds format value by value.
 */
export function kindColumnFormatter(kind: QuantityKind, values: ArrayLike<unknown>, significant = 6): (v: unknown) => string {
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  if (kind !== 'price') return (v) => formatQuantity(kind, num(v));
  let minAbs = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v) && v !== 0) minAbs = Math.min(minAbs, Math.abs(v));
  }
  if (!Number.isFinite(minAbs) || minAbs >= 1e6) return (v) => formatPrice(num(v), significant);
  const decimals = decimalsFor(minAbs, significant);
  return (v) => (typeof v === 'number' && Number.isFinite(v) ? noNegativeZero(v.toFixed(decimals)) : formatPrice(num(v)));
}

/** Reads a declared kind from untyped data (a value that crossed JSON), or null. */
export function asQuantityKind(v: unknown): QuantityKind | null {
  return typeof v === 'string' && (QUANTITY_KINDS as readonly string[]).includes(v) ? (v as QuantityKind) : null;
}
