import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CandlesValue } from '@coinlab/shared';
import { findGaps } from '../lib/gaps';
import { marketFiles, readMarketFile } from './market-files';

/** The checked-in output of nodes/reference/ta/make_peer_features_reference.py (for tests). */
export interface PeerFileReference {
  rows: number;
  kept: number;
  firstKept: number;
  lastKept: number;
  droppedInside: number[];
  positiveRate: number;
  sums: Record<string, number>;
  sampleRows: number[];
  samples: Record<string, number[]>;
}
export interface PeerReference {
  stride: number;
  files: Record<string, PeerFileReference>;
}

const REF = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reference/ta/peer_features_reference.json');

export function peerReference(): PeerReference {
  return JSON.parse(readFileSync(REF, 'utf8')) as PeerReference;
}

/** All seven 5-minute market files as one candles value, rows exactly as stored (gaps kept, as the peer reads them). */
export function allMarketCandles(): CandlesValue {
  return {
    kind: 'candles',
    barMinutes: 5,
    groups: marketFiles().map((f) => {
      const c = readMarketFile(f);
      return { coin: c.coin, ts: c.ts, columns: { open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume }, gaps: findGaps(c.ts, 300_000) };
    }),
  };
}
