import type { MarketDataService } from '@coinlab/nodes';
import type { Store } from '../db';
import { candlesFingerprint, listCoins, loadCoinCandles } from '../market';

/** The node-facing market data service over price_data_5min. */
export function dbMarketService(store: Store): MarketDataService {
  return {
    listCoins: () => listCoins(store),
    loadCandles: (q) => loadCoinCandles(store, q),
    fingerprint: (q) => candlesFingerprint(store, q),
  };
}
