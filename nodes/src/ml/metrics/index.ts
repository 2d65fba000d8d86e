export * from './classification';
export * from './ranking';
export * from './probabilistic';
export * from './regression';
export * from './permutation-importance';
export * from './summary';
