export * from './engine';
export { createRuntime, type Runtime, type RuntimeOptions } from './runtime';
export { startServer, type RunningServer, type ServerOptions } from './server';
export { createApp, apiRoutes, type ApiType } from './api/app';
export { RunManager } from './runs/run-manager';
export { loadConfig } from './config';
export type { JoinRun, JoinAck, ServerToClientEvents, ClientToServerEvents } from './realtime/protocol';
