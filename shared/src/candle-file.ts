import { CANDLE_COLUMNS, PRICE_COLUMNS } from './values';

/**
 * What makes a file a candle file, said once: the runtime's candle import reads CSV headers
 * with these helpers, and the editor's graph import uses `recognizeCandleFile` to tell a candle
 * file picked by mistake from a broken graph (and send it to the Data tab).
 */

/** Accepted names for the time column of a CSV, in order of preference; matched case-insensitively. */
export const CANDLE_TIME_COLUMNS = ['ts', 'timestamp', 'datetime', 'date', 'time', 'open_time'] as const;

/** The delimiter a CSV header uses: comma, semicolon or tab (comma when it has none). */
export function csvDelimiter(headerLine: string): ',' | ';' | '\t' {
  return ([',', ';', '\t'] as const).find((d) => headerLine.includes(d)) ?? ',';
}

/** A CSV line's fields, trimmed, surrounding double quotes removed (numbers and dates need no more). */
export function splitCsvFields(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((f) => {
    const t = f.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
  });
}

/** The header of a CSV: the first line that is neither blank nor a # comment (BOM removed), with its index; null when there is none. */
export function csvHeaderLine(lines: readonly string[]): { at: number; line: string } | null {
  const at = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  return at < 0 ? null : { at, line: lines[at]!.replace(/^\uFEFF/, '') };
}

/**
 * Where a CSV header (names lower-cased) holds the time and each OHLCV column, and the columns
 * it lacks, spelled as the import's error names them.
 */
export function candleCsvColumns(header: readonly string[]): { ts: number | undefined; values: number[]; missing: string[] } {
  const ts = CANDLE_TIME_COLUMNS.map((n) => header.indexOf(n)).find((i) => i >= 0);
  const values = CANDLE_COLUMNS.map((n) => header.indexOf(n));
  const missing = [...(ts === undefined ? ['ts (or timestamp, date, time)'] : []), ...CANDLE_COLUMNS.filter((_, k) => values[k]! < 0)];
  return { ts, values, missing };
}

const isCell = (v: unknown) => typeof v === 'number' || typeof v === 'string';

/**
 * Whether a file's text is candles — whatever else is wrong with it — and in which format:
 * JSON that is an array whose first element is a row `[ts, open, high, low, close, …]` (ccxt,
 * freqtrade), or CSV whose header names the open, high, low and close columns. null: not a
 * candle file (a graph document is a JSON object). Bad rows, a missing volume or time column
 * are for the candle import to report, row by row.
 */
export function recognizeCandleFile(text: string): 'json' | 'csv' | null {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{')) return null;
  if (start.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(start);
    } catch {
      return null;
    }
    const first: unknown = Array.isArray(data) ? data[0] : undefined;
    return Array.isArray(first) && first.length >= 5 && first.slice(0, 5).every(isCell) ? 'json' : null;
  }
  const header = csvHeaderLine(start.split(/\r?\n/, 50));
  if (!header) return null;
  const names = splitCsvFields(header.line, csvDelimiter(header.line)).map((h) => h.toLowerCase());
  return PRICE_COLUMNS.every((c) => names.includes(c)) ? 'csv' : null;
}
