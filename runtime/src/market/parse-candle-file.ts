import path from 'node:path';
import type { CandleIssue, CandleRow } from './candles';
import { parseCandleJson } from './parse-json';
import { parseCandleCsv } from './parse-csv';

export interface ParsedCandleFile {
  format: 'json' | 'csv';
  /** The good rows, in file order. */
  rows: CandleRow[];
  /** Every bad row (and file-level problem); empty when the whole file is good. */
  issues: CandleIssue[];
}

/**
 * Reads a candle file: JSON (ccxt / freqtrade) by its .json extension or a leading '[',
 * otherwise CSV with a header. Never throws for bad content: the caller decides whether
 * any issue stops the import (the CLI and API refuse the whole file).
 */
export function parseCandleFile(text: string, filename: string): ParsedCandleFile {
  const source = path.basename(filename);
  const isJson = filename.toLowerCase().endsWith('.json') || text.trimStart().startsWith('[');
  return isJson ? { format: 'json', ...parseCandleJson(text, source) } : { format: 'csv', ...parseCandleCsv(text, source) };
}
