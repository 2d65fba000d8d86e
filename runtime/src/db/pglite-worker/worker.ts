/**
 * The PGlite worker: owns the one PGlite instance of a data folder and runs the statements
 * the main thread sends, one at a time in arrival order (the driver's session gate decides
 * that order: a transaction's statements are never mixed with others). PGlite runs its WASM
 * synchronously; here that blocks this thread instead of the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from '../pglite-options';
import { parseRequest, parseWorkerStart, serializeError, type SerializedError, type WasmFile, type WasmModule, type WorkerReply, type WorkerRequest } from './protocol';
import { compileWasm } from './wasm-modules';

const port = parentPort;
if (!port) throw new Error('pglite-worker/worker.ts runs as a worker thread (see client.ts)');

const send = (reply: WorkerReply) => port.postMessage(reply);

/** The transaction whose BEGIN failed, if the last one did (see TransactionStep in protocol.ts). */
let failedBegin: { tx: number; error: SerializedError } | undefined;

async function main(): Promise<void> {
  let pglite: PGlite;
  let compiled: { pgliteWasmModule?: WasmModule; initdbWasmModule?: WasmModule } = {};
  try {
    const start = parseWorkerStart(workerData);
    // What the process has not compiled yet is compiled here, alongside loading PGlite's JavaScript.
    const need = (file: WasmFile, known: WasmModule | undefined) => (known ? Promise.resolve(undefined) : compileWasm(file));
    const [{ PGlite }, pgliteCompiled, initdbCompiled] = await Promise.all([
      import('@electric-sql/pglite'),
      need('pglite.wasm', start.pgliteWasmModule),
      start.isNew ? need('initdb.wasm', start.initdbWasmModule) : undefined,
    ]);
    compiled = { ...(pgliteCompiled ? { pgliteWasmModule: pgliteCompiled } : {}), ...(initdbCompiled ? { initdbWasmModule: initdbCompiled } : {}) };
    const pgliteWasmModule = start.pgliteWasmModule ?? pgliteCompiled;
    const initdbWasmModule = start.isNew ? (start.initdbWasmModule ?? initdbCompiled) : undefined;
    pglite = await PGlite.create(start.pgdata, { ...pgliteOptions(PGlite.defaultStartParams), ...(pgliteWasmModule ? { pgliteWasmModule } : {}), ...(initdbWasmModule ? { initdbWasmModule } : {}) });
  } catch (err) {
    send({ type: 'open-failed', error: serializeError(err) });
    port!.close();
    return;
  }

  // A chain rather than a loop over a queue: each request starts when the previous settled.
  let chain: Promise<void> = Promise.resolve();
  port!.on('message', (message: unknown) => {
    // A malformed request has no usable id to answer: a bug on the main side, thrown (the worker ends).
    const request = parseRequest(message);
    chain = chain.then(() => handle(pglite, request));
  });
  send({ type: 'ready', ...compiled });
}

async function handle(pglite: PGlite, request: WorkerRequest): Promise<void> {
  if (request.type === 'close') {
    try {
      await pglite.close();
    } finally {
      // Sent even if close failed: the main side terminates us either way.
      send({ type: 'closed', id: request.id });
      port!.close();
    }
    return;
  }
  const step = request.transaction;
  if (step && failedBegin?.tx === step.tx && step.step !== 'begin') {
    // Its BEGIN failed: nothing of it may run, least of all outside a transaction. Its
    // ROLLBACK has nothing to undo; anything else reports why.
    if (step.step === 'rollback') send({ type: 'result', id: request.id, result: { rows: [] } });
    else send({ type: 'failed', id: request.id, error: { ...failedBegin.error, message: `The transaction did not begin: ${failedBegin.error.message}` } });
    return;
  }
  try {
    // The same call kysely-pglite-dialect makes in-thread, so parsing and errors are PGlite's own.
    const result = await pglite.query<Record<string, unknown>>(request.sql, request.params);
    if (step?.step === 'begin') failedBegin = undefined;
    send({ type: 'result', id: request.id, result: { rows: result.rows, ...(result.affectedRows ? { affectedRows: result.affectedRows } : {}) } });
  } catch (err) {
    const error = serializeError(err);
    if (step?.step === 'begin') failedBegin = { tx: step.tx, error };
    send({ type: 'failed', id: request.id, error });
  }
}


// Not a top-level await: this module is loaded through require() (bootstrap.cjs).
main().catch((err: unknown) => {
  // Outside any request (the open has its own catch): end the thread, the main side rejects what is pending.
  process.nextTick(() => {
    throw err;
  });
});
