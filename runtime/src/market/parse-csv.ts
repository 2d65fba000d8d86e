import { describeIssue, type CandleIssue, type CandleRow } from './candles';
import { CANDLE_COLUMNS, candleCsvColumns, csvDelimiter, csvHeaderLine, splitCsvFields } from '@coinlab/shared';
import { parseTimestamp } from './timestamp';
import { DuplicateTracker, rowProblem } from './validate';

const VALUE_NAMES = CANDLE_COLUMNS;

/**
 * CSV with a header row naming the columns (any order, extra columns ignored; the names are
 * shared/src/candle-file.ts's, which the editor also uses to recognise a candle file). The
 * delimiter is whichever of comma, semicolon or tab the header uses. Issues carry the line
 * number in the file (header = line 1); blank lines and lines starting with # are skipped.
 */
export function parseCandleCsv(text: string, source: string): { rows: CandleRow[]; issues: CandleIssue[] } {
  const lines = text.split(/\r?\n/);
  const found = csvHeaderLine(lines);
  if (!found) return { rows: [], issues: [describeIssue(source, null, 'line', 'the file is empty')] };
  const headerAt = found.at;
  const delimiter = csvDelimiter(found.line);
  const header = splitCsvFields(found.line, delimiter).map((h) => h.toLowerCase());

  const { ts: tsCol, values: cols, missing } = candleCsvColumns(header);
  if (missing.length > 0 || tsCol === undefined) {
    const looksLikeData = parseTimestamp(header[0] ?? '').ok;
    const reason = looksLikeData
      ? 'no header row: the first line must name the columns (ts, open, high, low, close, volume)'
      : `header is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${header.join(', ')})`;
    return { rows: [], issues: [describeIssue(source, headerAt + 1, 'line', reason)] };
  }

  const rows: CandleRow[] = [];
  const issues: CandleIssue[] = [];
  const dups = new DuplicateTracker();
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const lineNo = i + 1;
    const fields = splitCsvFields(line, delimiter);
    const reason = readRow(fields, tsCol, cols, rows, dups, lineNo);
    if (reason) issues.push(describeIssue(source, lineNo, 'line', reason));
  }
  return { rows, issues };
}

function readRow(fields: string[], tsCol: number, cols: number[], rows: CandleRow[], dups: DuplicateTracker, lineNo: number): string | null {
  const ts = parseTimestamp(fields[tsCol] ?? '');
  if (!ts.ok) return ts.reason;
  const values: number[] = [];
  for (let k = 0; k < VALUE_NAMES.length; k++) {
    const raw = fields[cols[k]!];
    const num = raw === undefined || raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(num)) return `${VALUE_NAMES[k]} is ${raw === undefined || raw === '' ? 'missing' : `"${raw}"`}, not a finite number`;
    values.push(num);
  }
  const [open, high, low, close, volume] = values as [number, number, number, number, number];
  const row: CandleRow = { ts: ts.ms, open, high, low, close, volume };
  const problem = rowProblem(row) ?? dups.check(row.ts, lineNo, 'line');
  if (problem) return problem;
  rows.push(row);
  return null;
}
