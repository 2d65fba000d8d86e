import type { ChartRef } from '../port-values';

/**
 * What every EDA node outputs (on a json port): its tables, a markdown rendering of them
 * that a report can embed as it is, and the charts it saved. A report node needs no
 * knowledge of the individual EDA nodes: it reads `markdown` and `charts`.
 */
export interface EdaResult {
  kind: 'eda';
  title: string;
  markdown: string;
  tables: Record<string, Record<string, string | number | null>[]>;
  charts: ChartRef[];
}

export function isEdaResult(v: unknown): v is EdaResult {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'eda' && Array.isArray((v as { charts?: unknown }).charts);
}

/** A number as a short readable string: 6 significant digits, exponent for the very small or large. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-4 || a >= 1e9) ? x.toExponential(4) : Number(x.toPrecision(6)).toString();
}

/** A markdown table of rows, in the given column order. */
export function markdownTable(rows: readonly Record<string, string | number | null>[], columns: readonly string[]): string {
  const head = `| ${columns.join(' | ')} |`;
  const rule = `|${columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`;
  const body = rows.map((r) => `| ${columns.map((c) => (typeof r[c] === 'number' ? fmt(r[c] as number) : (r[c] ?? '-'))).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/** NaN and infinities as null, so tables survive plain JSON (reports, the API). */
export const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Narrows a json port value to an EdaResult (throws when it is something else). */
export function asEdaResult(v: unknown): EdaResult {
  if (!isEdaResult(v)) throw new Error('not an EDA result');
  return v;
}
