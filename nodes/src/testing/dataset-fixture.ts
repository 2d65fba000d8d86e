import { registerPortFixture, sampleCandles } from './port-fixtures';
import { buildDataset } from '../feature/build-dataset';

/**
 * The contract test's `dataset` value: the peer pipeline's 12 features and its target
 * (+0.5% within 12 bars) on 600 real candles of ETH_BTC and LTC_BTC.
 */
registerPortFixture('dataset', async () => buildDataset(sampleCandles(600)).dataset);
