import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { parseCandleFile } from './parse-candle-file';
import { importCandles } from './import-candles';
import { CandleImportError } from './candles';

/** Named for what it is: daily S&P 500 index bars, not crypto and not 5-minute data. */
export const DEMO_COIN = 'DEMO_SP500_DAILY';

export type DemoDataResult = { loaded: false; reason: string } | { loaded: true; coin: string; rows: number; firstTs: number; lastTs: number };

/** The CSV shipped in the vega-datasets npm package (real daily S&P 500 OHLCV, 2000-2020); no network. */
export function demoDataFile(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its JS entry (build/index.js); the data folder sits beside build/.
  const entry = require.resolve('vega-datasets');
  return path.resolve(path.dirname(entry), '..', 'data', 'sp500-2000.csv');
}

/**
 * On first start with an empty price table, loads the demo series so the product has
 * something real to show before the user imports crypto candles. Does nothing otherwise.
 */
export async function loadDemoData(store: { kysely: Kysely<Database> }, opts: { log?: (line: string) => void } = {}): Promise<DemoDataResult> {
  const log = opts.log ?? ((line: string) => console.info(line));
  const { rows: existing } = await sql<{ any: boolean }>`select exists (select 1 from price_data_5min) as any`.execute(store.kysely);
  if (existing[0]?.any) return { loaded: false, reason: 'the database already has market data' };

  const file = demoDataFile();
  const parsed = parseCandleFile(fs.readFileSync(file, 'utf8'), file);
  if (parsed.issues.length > 0) throw new CandleImportError(path.basename(file), parsed.issues);
  await importCandles(store, DEMO_COIN, parsed.rows, { source: path.basename(file) });
  const ts = parsed.rows.map((r) => r.ts);
  const firstTs = Math.min(...ts);
  const lastTs = Math.max(...ts);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  log(
    `Loaded demo data as coin ${DEMO_COIN}: ${parsed.rows.length} daily S&P 500 index candles, ${day(firstTs)} to ${day(lastTs)} ` +
      `(equity-index data from the vega-datasets package, not crypto and not 5-minute bars). ` +
      `Import real crypto candles with: coinlab import FILE --coin SYMBOL`,
  );
  return { loaded: true, coin: DEMO_COIN, rows: parsed.rows.length, firstTs, lastTs };
}
