/** What the import endpoint says when it cannot tell a body's format (and no header or ?format says it). */
export const FORMAT_HELP =
  'send the file with Content-Type: application/json (ccxt/freqtrade [[ts_ms, open, high, low, close, volume], ...]) or Content-Type: text/csv (a header line, then one candle per line), or add ?format=json|csv to the URL';

/**
 * The format of an uploaded candle file: `?format=` first, then a content type that names one
 * (application/json, text/csv), then the content itself — JSON starts with '[' or '{', CSV with a
 * header line holding a separator. `curl --data-binary @file` sends
 * application/x-www-form-urlencoded, which names neither, so the content decides. null: unknown.
 */
export function sniffCandleFormat(text: string, contentType: string | undefined, format: 'json' | 'csv' | undefined): 'json' | 'csv' | null {
  if (format) return format;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'json';
  const firstLine = start.split(/\r?\n/, 1)[0] ?? '';
  if (/[,;\t]/.test(firstLine) && /[A-Za-z0-9]/.test(firstLine)) return 'csv';
  return null;
}
