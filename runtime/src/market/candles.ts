/** One OHLCV candle: the shared contract's row (shared/src/api/market.ts). */
export type { CandleRow } from '@coinlab/shared';

/** Candles of one coin as columns, ascending by ts: what nodes compute on (the node contract's type). */
export type { CandleColumns } from '@coinlab/shared';

/** The bar size of price_data_5min. */
export const BAR_MS = 5 * 60_000;

/**
 * A problem with one row of an input file, or with the whole file (line null).
 * For CSV, `line` is the line in the file (the header is line 1). For JSON, where a whole
 * file is often one line, it is the element's position in the top-level array, counted
 * from 1 (array index + 1); `unit` says which, and `message` spells it out.
 */
export interface CandleIssue {
  line: number | null;
  unit: 'line' | 'element';
  reason: string;
  message: string;
}

export class CandleImportError extends Error {
  override readonly name = 'CandleImportError';
  constructor(
    readonly source: string,
    readonly issues: readonly CandleIssue[],
  ) {
    const shown = issues.slice(0, 20).map((i) => `  ${i.message}`);
    const more = issues.length > shown.length ? [`  … and ${issues.length - shown.length} more`] : [];
    super([`${source}: ${issues.length} bad row${issues.length === 1 ? '' : 's'}; nothing was imported.`, ...shown, ...more].join('\n'));
  }
}

export function describeIssue(source: string, line: number | null, unit: CandleIssue['unit'], reason: string): CandleIssue {
  const where = line === null ? source : unit === 'line' ? `${source} line ${line}` : `${source} element ${line} (index ${line - 1})`;
  return { line, unit, reason, message: `${where}: ${reason}` };
}
