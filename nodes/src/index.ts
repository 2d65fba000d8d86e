export * from './define';
export * from './port';
export * from './port-values';
export * from './services';
export * from './registry';
export * from './catalog';
export { summarizeValue } from './lib/describe-value';
