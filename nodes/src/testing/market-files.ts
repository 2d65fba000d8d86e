import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CandleColumns } from '../services';

/** ../shared/data/market beside the repository checkout (test data is never copied in). */
export const MARKET_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/market');

export function marketFiles(pattern = /-5m\.json$/): string[] {
  return readdirSync(MARKET_DIR).filter((f) => pattern.test(f)).sort().map((f) => path.join(MARKET_DIR, f));
}

/** `ETH_BTC-5m.json` -> `ETH_BTC` */
export function coinOfFile(file: string): string {
  return path.basename(file).replace(/-\d+m\.json$/, '');
}

export function readMarketFile(file: string): CandleColumns {
  const rows = JSON.parse(readFileSync(file, 'utf8')) as number[][];
  const out: CandleColumns = { coin: coinOfFile(file), ts: [], open: [], high: [], low: [], close: [], volume: [] };
  for (const r of rows) {
    out.ts.push(r[0]!);
    out.open.push(r[1]!);
    out.high.push(r[2]!);
    out.low.push(r[3]!);
    out.close.push(r[4]!);
    out.volume.push(r[5]!);
  }
  return out;
}
