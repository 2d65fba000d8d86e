/**
 * The messages between the main thread (driver) and the PGlite worker, as types. Values
 * travel by structured clone, which keeps what PGlite's type parsers produce (Date,
 * Uint8Array, bigint, nested arrays and objects, null) exactly as they are.
 *
 * This file stays free of zod and of anything heavy: the worker loads it at every open,
 * and each module it loads is paid again per thread. The main side checks the worker's
 * replies with zod (replies.ts); the worker checks requests with `parseRequest` below. Rows
 * and parameters are passed through unchecked either way: walking a quarter-million-row
 * result would cost the main thread what the worker is there to save.
 */

/** A compiled WebAssembly module, opaque: our lib settings (ES2023, no DOM) carry no WebAssembly types. */
export type WasmModule = object & { readonly __compiledWasm?: never };

/** Node's WebAssembly, typed as far as we use it. */
export const webAssembly = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule>; Module: abstract new (...args: never[]) => WasmModule } }).WebAssembly;

/** PGlite's two WebAssembly files. */
export type WasmFile = 'pglite.wasm' | 'initdb.wasm';

/** Handed to the worker at start (workerData). */
export interface WorkerStart {
  pgdata: string;
  /** The cluster does not exist yet: initdb's WebAssembly is needed too. */
  isNew: boolean;
  /** PGlite's compiled WASM when this process has it already (see wasm-modules.ts); else the worker compiles it. */
  pgliteWasmModule?: WasmModule;
  /** Likewise initdb's, used only when the cluster is new. */
  initdbWasmModule?: WasmModule;
  /** PostgreSQL's shared_buffers, as the main thread decided it (pglite-options.ts: sharedBuffersSetting). */
  sharedBuffers: string;
}

/**
 * Where a statement stands in a transaction. The driver sends BEGIN without waiting for
 * its reply (one round trip less per transaction), so the worker itself makes sure that no
 * statement of a transaction whose BEGIN failed runs outside it.
 */
export interface TransactionStep {
  /** Numbers the transactions of one connection to the worker. */
  tx: number;
  step: 'begin' | 'statement' | 'commit' | 'rollback';
}

/** Main → worker. `id` pairs every request with its one reply. */
export type WorkerRequest =
  | { type: 'query'; id: number; sql: string; params: unknown[]; transaction?: TransactionStep }
  | { type: 'close'; id: number };

/**
 * An error thrown in the worker, as fields: structured clone keeps only message and stack
 * of an Error, while callers may read PostgreSQL's `code`, `detail`, `constraint`, ….
 */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, string>;
}

export interface WorkerQueryResult {
  rows: Record<string, unknown>[];
  affectedRows?: number;
}

/** Worker → main. */
export type WorkerReply =
  /** PGlite is open and the worker takes requests; with the modules it compiled, for the process's next workers. */
  | { type: 'ready'; pgliteWasmModule?: WasmModule; initdbWasmModule?: WasmModule }
  /** PGlite.create failed: the worker ends after sending this. */
  | { type: 'open-failed'; error: SerializedError }
  | { type: 'result'; id: number; result: WorkerQueryResult }
  | { type: 'failed'; id: number; error: SerializedError }
  /** PGlite closed: the worker ends after sending this. */
  | { type: 'closed'; id: number };

/** The worker's check of what it receives (from our own client, so a failure is a bug there). */
export function parseRequest(message: unknown): WorkerRequest {
  const m = message as Partial<Record<'type' | 'id' | 'sql' | 'params' | 'transaction', unknown>> | null;
  if (m && typeof m === 'object' && Number.isInteger(m.id)) {
    if (m.type === 'query' && typeof m.sql === 'string' && Array.isArray(m.params) && isStep(m.transaction)) return m as WorkerRequest;
    if (m.type === 'close') return m as WorkerRequest;
  }
  throw new Error(`pglite worker: malformed request ${describe(message)}`);
}

function isStep(value: unknown): boolean {
  if (value === undefined) return true;
  const t = value as Partial<Record<keyof TransactionStep, unknown>> | null;
  return !!t && Number.isInteger(t.tx) && (t.step === 'begin' || t.step === 'statement' || t.step === 'commit' || t.step === 'rollback');
}

export function parseWorkerStart(data: unknown): WorkerStart {
  const d = data as Partial<Record<keyof WorkerStart, unknown>> | null;
  if (d && typeof d.pgdata === 'string' && d.pgdata !== '' && typeof d.isNew === 'boolean' && typeof d.sharedBuffers === 'string' && isWasmModule(d.pgliteWasmModule) && isWasmModule(d.initdbWasmModule)) return d as WorkerStart;
  throw new Error(`pglite worker: malformed workerData ${describe(data)}`);
}

export const isWasmModule = (v: unknown): v is WasmModule | undefined => v === undefined || v instanceof webAssembly.Module;

function describe(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 200);
  } catch {
    return String(value);
  }
}

/** PostgreSQL error fields (pg-protocol's DatabaseError) plus PGlite's `query`. */
const ERROR_FIELDS = [
  'severity', 'code', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where', 'schema',
  'table', 'column', 'dataType', 'constraint', 'file', 'line', 'routine', 'query',
] as const;

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, string> = {};
  const source = err as unknown as Record<string, unknown>;
  for (const key of ERROR_FIELDS) {
    const value = source[key];
    if (typeof value === 'string') fields[key] = value;
  }
  return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}), fields };
}
