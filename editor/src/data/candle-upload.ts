import { z } from 'zod';
import { apiUrl, ApiError, editorHeaders, noteUnauthorized } from '../api/http';
import { candleImportPreviewSchema, candleImportResultSchema, errorBodySchema, type CandleImportPreview, type CandleImportResult } from '@coinlab/shared';

// The import answers are the shared API contract (shared/src/api/market.ts).
export const importPreviewSchema = candleImportPreviewSchema;
export type ImportPreview = CandleImportPreview;
export const importResultSchema = candleImportResultSchema;
export type ImportResult = CandleImportResult;

/** The same rule as the runtime's importCandles, so a bad name is caught before the upload. */
export const COIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;

/** The coin a file holds, from its name as the CLI reads it (ETH_BTC-5m.json -> ETH_BTC), else the name without extension. */
export function coinFromFileName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  const pair = /^([A-Za-z0-9]+_[A-Za-z0-9]+)/.exec(base)?.[1];
  if (pair) return pair.toUpperCase();
  return base.replace(/\.(json|csv|txt)$/i, '').replace(/[^A-Za-z0-9._:/-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64).toUpperCase();
}

export const formatOf = (fileName: string): 'json' | 'csv' | undefined => (/\.json$/i.test(fileName) ? 'json' : /\.csv$/i.test(fileName) ? 'csv' : undefined);

/**
 * POSTs a candle file to /candles/import (with ?preview=1 nothing is written). XMLHttpRequest,
 * not fetch: it reports upload progress, which a large file needs.
 */
export function uploadCandles<T>(
  body: Blob,
  query: { coin: string; format?: 'json' | 'csv' | undefined; preview?: boolean },
  schema: z.ZodType<T>,
  onProgress: (fraction: number) => void = () => undefined,
): Promise<T> {
  const q = new URLSearchParams({ coin: query.coin });
  if (query.format) q.set('format', query.format);
  if (query.preview) q.set('preview', '1');
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(`/candles/import?${q.toString()}`));
    for (const [name, value] of Object.entries(editorHeaders('POST'))) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('content-type', query.format === 'json' ? 'application/json' : query.format === 'csv' ? 'text/csv' : 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'network', 'cannot reach the coinlab server'));
    xhr.onload = () => {
      noteUnauthorized('/candles/import', xhr.status);
      let json: unknown = null;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = schema.safeParse(json);
        if (parsed.success) resolve(parsed.data);
        else reject(new ApiError(xhr.status, 'bad_response', 'the server answered the import with an unexpected body'));
        return;
      }
      const err = errorBodySchema.safeParse(json);
      reject(err.success ? new ApiError(xhr.status, err.data.error.code, err.data.error.message, err.data.error.problems ?? []) : new ApiError(xhr.status, `http_${xhr.status}`, xhr.responseText.slice(0, 300) || `HTTP ${xhr.status}`));
    };
    xhr.send(body);
  });
}
