// The HTTP API's answers and the socket protocol: the one contract runtime and clients share.
export * from './errors';
export * from './graphs';
export * from './runs';
export * from './run-triggers';
export * from './market';
export * from './templates';
export * from './sessions';
export * from './socket';
export * from './experiments';
export * from './llm';
export * from './schedules';
