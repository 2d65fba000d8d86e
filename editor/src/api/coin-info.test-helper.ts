import type { CoinInfo } from './views';

/** A coin as GET /coins answers it, from the fields a test cares about (no gaps, no return stats). */
export function coinInfo(c: Pick<CoinInfo, 'coin' | 'rows'> & Partial<CoinInfo>): CoinInfo {
  return { firstTs: 0, lastTs: 0, barMs: null, gaps: { missingBars: 0, largest: null }, meanReturn: null, stdReturn: null, ...c };
}
