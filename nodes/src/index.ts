export * from './define';
export * from './port';
export * from './port-values';
export * from './services';
export * from './registry';
export * from './catalog';
export { summarizeValue } from './lib/describe-value';
export { MAX_BARS_PER_COIN, TooManyBarsError } from './lib/bar-limit';
