/**
 * The socket.io protocol lives in @coinlab/shared (shared/src/api/socket.ts), where the
 * runtime and its clients read the same definition; this module keeps the runtime's old
 * import path working.
 */
export { joinRunSchema, joinSessionSchema, type JoinRun, type JoinAck, type JoinSession, type SessionJoinAck, type RunsChanged, type ServerToClientEvents, type ClientToServerEvents } from '@coinlab/shared';
