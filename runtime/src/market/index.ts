export { BAR_MS, CandleImportError, type CandleColumns, type CandleIssue, type CandleRow } from './candles';
export { parseCandleFile, type ParsedCandleFile } from './parse-candle-file';
export { parseTimestamp, type ParsedTimestamp } from './timestamp';
export { importCandles, type ImportResult } from './import-candles';
export { listCoins, type CoinStats } from './list-coins';
export { loadCandles, loadCoinCandles, candlesFingerprint, type CandleQuery } from './load-candles';
export { loadDemoData, demoDataFile, DEMO_COIN, type DemoDataResult } from './demo-data';
export { deleteCoin } from './delete-coin';
export { sniffCandleFormat, FORMAT_HELP } from './sniff-format';
