import { z } from 'zod';
import { isWasmModule, type SerializedError, type WasmModule, type WorkerQueryResult, type WorkerReply } from './protocol';

/** The main side's check of the worker's replies (the envelope; rows pass unchecked, see protocol.ts). */
const serializedErrorSchema = z.object({
  name: z.string(),
  message: z.string(),
  stack: z.string().optional(),
  fields: z.record(z.string(), z.string()),
}) satisfies z.ZodType<SerializedError>;

const wasmModule = z.custom<WasmModule>((v) => v !== undefined && isWasmModule(v), 'expected a compiled WebAssembly module');
const rows = z.custom<Record<string, unknown>[]>((v) => Array.isArray(v), 'expected an array of rows');
const queryResultSchema = z.object({ rows, affectedRows: z.number().optional() }) satisfies z.ZodType<WorkerQueryResult>;

export const replySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pgliteWasmModule: wasmModule.optional(), initdbWasmModule: wasmModule.optional() }),
  z.object({ type: z.literal('open-failed'), error: serializedErrorSchema }),
  z.object({ type: z.literal('result'), id: z.number().int(), result: queryResultSchema }),
  z.object({ type: z.literal('failed'), id: z.number().int(), error: serializedErrorSchema }),
  z.object({ type: z.literal('closed'), id: z.number().int() }),
]) satisfies z.ZodType<WorkerReply>;

/**
 * An error from the worker, rebuilt on the main thread: same name, message and PostgreSQL
 * fields as PGlite's own error in-thread. Thrown where the query is awaited, so its stack
 * is the caller's; the worker's stack is kept as `workerStack`.
 */
export class EmbeddedDatabaseError extends Error {
  declare readonly code?: string;
  declare readonly detail?: string;
  declare readonly constraint?: string;
  readonly workerStack: string | undefined;

  constructor(serialized: SerializedError) {
    super(serialized.message);
    Object.defineProperty(this, 'name', { value: serialized.name, enumerable: false, configurable: true, writable: true });
    Object.assign(this, serialized.fields);
    this.workerStack = serialized.stack;
  }
}
