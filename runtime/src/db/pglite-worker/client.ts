import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SerializedError, TransactionStep, WorkerQueryResult, WorkerRequest, WorkerStart } from './protocol';
import { sharedBuffersSetting } from '../pglite-options';
import { holdEvents } from './held-events';
import { keepWasmModules, knownWasmModules } from './wasm-modules';

type Replies = typeof import('./replies');

/**
 * The replies' schema (zod) loads only once the worker is on its way: zod takes ~65 ms to load,
 * and the worker's start (~0.4 s, on another core) is the critical path of a starting `coinlab run`.
 */
let replies: Replies | undefined;
let loadingReplies: Promise<Replies> | undefined;
function loadReplies(): Promise<Replies> {
  loadingReplies ??= import('./replies').then((m) => (replies = m));
  return loadingReplies;
}
/** Loaded before any client exists (start awaits it). */
function loadedReplies(): Replies {
  if (!replies) throw new Error('pglite worker client: replies module used before start() loaded it');
  return replies;
}

/** The worker could not run in this environment at all (as opposed to PGlite failing to open). */
export class WorkerUnavailableError extends Error {
  override readonly name = 'WorkerUnavailableError';
}

/** The worker thread died (crash, out of memory, terminated) while requests were pending or after. */
export class WorkerStoppedError extends Error {
  override readonly name = 'WorkerStoppedError';
}

/** What a request settles with: a query's rows or PostgreSQL's error, or the close acknowledgement. */
type Outcome = { ok: true; result: WorkerQueryResult } | { ok: false; error: SerializedError } | { ok: true; result: undefined };

interface Pending {
  resolve(value: Outcome): void;
  reject(err: Error): void;
}

/**
 * One PGlite worker thread and the request/reply bookkeeping around it. Requests may be
 * sent concurrently; the worker answers them in order. Holds the process open only while
 * a request is pending, as in-thread PGlite (which has no handles) never held it.
 */
export class PGliteWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Set once the worker is gone: every later request fails with it. */
  private stopped: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on('message', (message: unknown) => this.onMessage(message));
    worker.on('error', (err) => this.stop(new WorkerStoppedError(`The embedded database stopped: its worker thread crashed (${err.message}). Restart coinlab to reopen it.`, { cause: err })));
    worker.on('exit', (code) => this.stop(new WorkerStoppedError(`The embedded database stopped: its worker thread exited (code ${code}). Restart coinlab to reopen it.`)));
  }

  /**
   * Starts the worker and opens PGlite in `pgdata`. Rejects with WorkerUnavailableError when
   * the worker cannot run here (no loader for its TypeScript, a refused execArgv, …), or with
   * PGlite's own error when the database fails to open.
   */
  static async start(pgdata: string, opts: { /** Tests: another entry file. */ entry?: URL } = {}): Promise<PGliteWorkerClient> {
    const isNew = !fs.existsSync(path.join(pgdata, 'PG_VERSION'));
    // The first worker of the process compiles the WebAssembly in its own thread and hands it back with 'ready'.
    const worker = spawnWorker({ pgdata, isNew, sharedBuffers: sharedBuffersSetting(), ...knownWasmModules() }, opts.entry);
    return new Promise<PGliteWorkerClient>((resolve, reject) => {
      // The worker's first events wait, in order, until the schema that reads them has loaded;
      // the first one that decides the outcome stops the rest (see cleanup).
      const schema = loadReplies();
      const held = holdEvents(schema);
      const cleanup = () => {
        held.stop();
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = held.wrap((message: unknown) => {
        const { replySchema, EmbeddedDatabaseError } = loadedReplies();
        const parsed = replySchema.safeParse(message);
        cleanup();
        if (parsed.success && parsed.data.type === 'ready') {
          keepWasmModules(parsed.data);
          resolve(new PGliteWorkerClient(worker));
        } else if (parsed.success && parsed.data.type === 'open-failed') {
          fail(new EmbeddedDatabaseError(parsed.data.error));
        } else {
          fail(new WorkerUnavailableError(`unexpected first message from the embedded database worker: ${JSON.stringify(message)}`));
        }
      });
      // Before 'ready', an error is the worker failing to load (PGlite errors come as open-failed).
      const onError = held.wrap((err: Error) => {
        cleanup();
        fail(new WorkerUnavailableError(err.message, { cause: err }));
      });
      // Only once the thread is gone: the caller may release the folder or open it in-thread.
      const fail = (err: Error) => {
        worker.terminate().then(
          () => reject(err),
          () => reject(err),
        );
      };
      const onExit = held.wrap((code: number) => {
        cleanup();
        reject(new WorkerUnavailableError(`the embedded database worker exited (code ${code}) before opening the database`));
      });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      schema.catch((err: unknown) => {
        cleanup();
        fail(new WorkerUnavailableError(`could not load the embedded database's reply schema: ${(err as Error).message}`, { cause: err }));
      });
    });
  }

  /** The thread itself, for tests that crash or end it from outside. */
  get thread(): Worker {
    return this.worker;
  }

  async query(sql: string, params: readonly unknown[], transaction?: TransactionStep): Promise<WorkerQueryResult> {
    if (this.closing) throw new WorkerStoppedError('The embedded database is closed');
    const problem = params.map(describeUnclonable).findIndex((p) => p !== undefined);
    if (problem >= 0) {
      throw new TypeError(`Query parameter $${problem + 1} is ${describeUnclonable(params[problem])}, which cannot reach the embedded database worker as it is; pass a string, number, bigint, boolean, Date, Buffer/Uint8Array, array or plain object`);
    }
    const outcome = await this.request({ type: 'query', id: this.nextId++, sql, params: [...params], ...(transaction ? { transaction } : {}) });
    // Thrown here rather than in the message handler, so the stack runs through the caller's awaits.
    if (!outcome.ok) throw new (loadedReplies().EmbeddedDatabaseError)(outcome.error);
    if (!outcome.result) throw new Error('The embedded database worker answered a query without a result');
    return outcome.result;
  }

  /** Closes PGlite (flushing it to disk), then ends the thread. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (!this.stopped) await this.request({ type: 'close', id: this.nextId++ });
      } finally {
        await this.worker.terminate();
      }
    })();
    return this.closing;
  }

  private request(message: WorkerRequest): Promise<Outcome> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      try {
        this.worker.postMessage(message);
      } catch (err) {
        // A parameter structured clone cannot carry (a function, a class instance's methods…).
        this.settle(message.id);
        reject(new TypeError(`Cannot pass this query's parameters to the embedded database worker: ${(err as Error).message}`, { cause: err }));
      }
    });
  }

  private onMessage(message: unknown): void {
    const parsed = loadedReplies().replySchema.safeParse(message);
    if (!parsed.success) {
      this.stop(new WorkerStoppedError(`The embedded database worker sent a malformed reply: ${parsed.error.message}`));
      void this.worker.terminate();
      return;
    }
    const reply = parsed.data;
    if (reply.type === 'ready' || reply.type === 'open-failed') return;
    const pending = this.settle(reply.id);
    if (!pending) return;
    if (reply.type === 'result') pending.resolve({ ok: true, result: reply.result });
    else if (reply.type === 'closed') pending.resolve({ ok: true, result: undefined });
    else pending.resolve({ ok: false, error: reply.error });
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (pending && this.pending.size === 0) this.worker.unref();
    return pending;
  }

  /** Fails every pending request (and every later one) with `err`. */
  private stop(err: Error): void {
    this.stopped ??= this.closing ? new WorkerStoppedError('The embedded database is closed') : err;
    for (const [id, pending] of [...this.pending]) {
      this.settle(id);
      pending.reject(err);
    }
  }
}

/**
 * Structured clone turns a class instance into a plain object (its toString and toJSON
 * gone), so PGlite in the worker would serialize it differently than in-thread: refused
 * instead of silently changed. Checks the parameter and, for arrays, their elements.
 */
function describeUnclonable(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  if (value === null || typeof value !== 'object') return undefined;
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
  if (Array.isArray(value)) {
    if (depth > 0) return undefined;
    for (const element of value) {
      const problem = describeUnclonable(element, depth + 1);
      if (problem) return `an array holding ${problem}`;
    }
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return undefined;
  return `a ${(value as object).constructor?.name ?? 'class'} instance`;
}

/**
 * The worker's entry beside this file. From source (tsx, vitest) a plain-CommonJS
 * bootstrap that registers tsx in the new thread and then loads worker.ts; compiled, worker.js.
 */
function workerEntry(): { url: URL; fromSource: boolean } {
  const fromSource = new URL(import.meta.url).pathname.endsWith('.ts');
  return { url: new URL(fromSource ? './bootstrap.cjs' : './worker.js', import.meta.url), fromSource };
}

function spawnWorker(workerData: WorkerStart, entry?: URL): Worker {
  const { url, fromSource } = entry ? { url: entry, fromSource: true } : workerEntry();
  try {
    return new Worker(url, { workerData, ...(fromSource ? { execArgv: withoutTsx(process.execArgv) } : {}) });
  } catch (err) {
    throw new WorkerUnavailableError((err as Error).message, { cause: err });
  }
}

/**
 * The parent's execArgv minus tsx's own flags (`--import tsx`, the tsx CLI's
 * `--require …/preflight.cjs --import …/loader.mjs`): the bootstrap registers tsx itself,
 * and a second registration (Node 22+ applies inherited ones in workers) would chain two.
 */
export function withoutTsx(argv: readonly string[]): string[] {
  const isTsx = (value: string) => /(^|[/\\@])tsx([/\\]|$)/.test(value);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = /^--(import|require|loader|experimental-loader)$|^-r$/.test(arg);
    if (flag && i + 1 < argv.length && isTsx(argv[i + 1]!)) {
      i++;
      continue;
    }
    const inline = /^--(import|require|loader|experimental-loader)=(.*)$/.exec(arg);
    if (inline && isTsx(inline[2]!)) continue;
    out.push(arg);
  }
  return out;
}
