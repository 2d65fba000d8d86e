/**
 * Technical indicators in TA-Lib's conventions, on plain arrays. Each takes NaN-free input;
 * `taSegments` wraps one so that NaN rows split the input into independent runs.
 */
export { emaSeededAt, macd, type MacdResult } from './trend';
export { rsi, roc, stoch, type StochResult } from './momentum';
export { trueRange, atr, bbands, type BandsResult } from './volatility';
export { obv } from './volume';
export { sma, ema } from '../moving-averages';
