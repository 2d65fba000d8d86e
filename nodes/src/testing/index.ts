export * from './market-files';
