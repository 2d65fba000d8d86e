export * from './events';
export * from './signature';
export * from './canonical-json';
export * from './cache';
export * from './plan';
export * from './scheduler';
export * from './run-node';
export * from './run-graph';
