export * from './memory-services';
export * from './market-files';
