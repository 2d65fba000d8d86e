import { newQuickJSWASMModuleFromVariant, shouldInterruptAfterDeadline, type QuickJSContext, type QuickJSHandle, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSync from '@jitl/quickjs-wasmfile-release-sync';

/**
 * Runs a user's function over columns of numbers inside QuickJS compiled to WebAssembly: a
 * separate heap with its own globals, no file system, no network, no process, no modules (the
 * embedding gives it none), a memory limit, a stack limit and a deadline. Node's `vm` would share
 * the host's heap and prototypes and is not a security boundary; this is.
 *
 * Data crosses the boundary only as copies of ArrayBuffers (columns in, one column out) and
 * strings (log lines), so no host object is reachable from the user's code.
 */

export interface SandboxLimits {
  /** Wall-clock budget for the whole execution (every coin), in ms. */
  timeoutMs: number;
  /** Heap of the sandbox, in bytes (the input columns count against it). */
  memoryBytes: number;
  /**
   * A run cancelled before or between calls stops the code at its next instruction. (The code
   * runs synchronously on this thread, so a cancel that arrives meanwhile waits for the deadline.)
   */
  signal?: AbortSignal;
}

export interface ColumnsCall {
  /** Column name -> values; every column has `rows` values. */
  columns: Record<string, Float64Array>;
  rows: number;
  /** Passed to the function as its second argument (e.g. the coin). */
  label: string;
}

/** Where in the user's code, and what went wrong. */
export class SandboxError extends Error {
  constructor(
    readonly kind: 'syntax' | 'runtime' | 'timeout' | 'memory' | 'result',
    message: string,
    /** 1-based line in the user's code, when known. */
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

const USER_FILE = 'code.js';
/** The user's code is the body of this function: line 1 of it is line 2 of the file. */
const PRELUDE_LINES = 1;
const MAX_LOG_LINES = 50;
const MAX_LOG_CHARS = 500;
/**
 * QuickJS's own stack limit. Its frames live on the host's native stack (WebAssembly), so the
 * limit must be hit well before V8's own (~1 MB), or the host overflows first.
 */
const STACK_BYTES = 192 * 1024;

let wasmModule: Promise<QuickJSWASMModule> | undefined;
/** One WebAssembly module per process (loaded from the package's own file); a fresh runtime per execution. */
const quickjs = () => (wasmModule ??= newQuickJSWASMModuleFromVariant(releaseSync));

/** A JavaScript identifier that can be a parameter name (column names that are not stay reachable as `columns[name]`). */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const RESERVED = new Set(['columns', 'label', 'log', 'arguments', 'eval', 'let', 'yield', 'await', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public']);

function wrap(code: string, names: readonly string[]): string {
  const direct = names.filter((n) => IDENTIFIER.test(n) && !RESERVED.has(n));
  // One line of prelude, so that an error's line minus PRELUDE_LINES is the user's line.
  const destructure = direct.length ? `const { ${direct.join(', ')} } = columns;` : '';
  return `(function (columns, label, log) { "use strict"; ${destructure}\n${code}\n})`;
}

/** Calls the user's function and turns its answer into a buffer of `rows` float64 (inside the sandbox, so a hostile answer cannot reach the host). */
const DRIVER = `(function (fn, names, buffers, label, log, rows) {
  const columns = {};
  for (let i = 0; i < names.length; i++) columns[names[i]] = new Float64Array(buffers[i]);
  Object.freeze(columns);
  const r = fn(columns, label, log);
  if (r === null || typeof r !== 'object' || typeof r.length !== 'number') throw new TypeError('the function must return an array of ' + rows + ' numbers (one per row), not ' + (r === null ? 'null' : typeof r));
  if (r.length !== rows) throw new RangeError('the function returned ' + r.length + ' values for ' + rows + ' rows');
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) { const v = r[i]; out[i] = v === null || v === undefined ? NaN : Number(v); }
  return out.buffer;
})`;

function lineOf(stack: unknown): number | null {
  if (typeof stack !== 'string') return null;
  const m = new RegExp(`\\(${USER_FILE.replace('.', '\\.')}:(\\d+)\\)`).exec(stack);
  return m ? Math.max(1, Number(m[1]) - PRELUDE_LINES) : null;
}

function describe(vm: QuickJSContext, handle: QuickJSHandle, deadlinePassed: boolean): SandboxError {
  const dumped: unknown = vm.dump(handle);
  handle.dispose();
  const e = (dumped && typeof dumped === 'object' ? dumped : { message: String(dumped) }) as { name?: unknown; message?: unknown; stack?: unknown };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = (typeof e.message === 'string' ? e.message : String(e.message)).slice(0, 300);
  const line = lineOf(e.stack);
  if (name === 'InternalError' && message === 'interrupted' && deadlinePassed) return new SandboxError('timeout', 'stopped: it ran past its time limit', line);
  if (name === 'InternalError' && message === 'out of memory') return new SandboxError('memory', 'stopped: it used more than its memory limit', line);
  if (name === 'InternalError' && message === 'stack overflow') return new SandboxError('memory', 'stopped: too deep a recursion (stack overflow)', line);
  if (name === 'SyntaxError') return new SandboxError('syntax', `${name}: ${message}`, line);
  return new SandboxError('runtime', `${name}: ${message}`, line);
}

/**
 * Compiles `code` (the body of `function (columns, label, log)`, with every column whose name is
 * an identifier also in scope as a variable) and calls it once per call. Resolves with one
 * output column per call, or rejects with a SandboxError naming the user's line.
 */
export async function runColumnsFunction(code: string, calls: readonly ColumnsCall[], limits: SandboxLimits, onLog: (line: string) => void = () => {}): Promise<Float64Array[]> {
  const qjs = await quickjs();
  const runtime = qjs.newRuntime();
  const deadline = Date.now() + limits.timeoutMs;
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(STACK_BYTES);
  const pastDeadline = shouldInterruptAfterDeadline(deadline);
  runtime.setInterruptHandler((rt) => pastDeadline(rt) || limits.signal?.aborted === true);
  const vm = runtime.newContext();
  const handles: QuickJSHandle[] = [];
  const keep = (h: QuickJSHandle) => (handles.push(h), h);
  try {
    let logs = 0;
    const log = keep(
      vm.newFunction('log', (...args) => {
        logs++;
        if (logs <= MAX_LOG_LINES) onLog(args.map((a) => String(vm.dump(a))).join(' ').slice(0, MAX_LOG_CHARS));
      }),
    );
    const names = calls[0] ? Object.keys(calls[0].columns) : [];
    const compiled = vm.evalCode(wrap(code, names), USER_FILE);
    if (compiled.error) throw describe(vm, compiled.error, Date.now() >= deadline);
    const fn = keep(compiled.value);
    const driverResult = vm.evalCode(DRIVER, 'driver.js');
    if (driverResult.error) throw describe(vm, driverResult.error, false);
    const driver = keep(driverResult.value);
    const out: Float64Array[] = [];
    for (const call of calls) {
      const callNames = Object.keys(call.columns);
      const nameList = keep(vm.newArray());
      const bufferList = keep(vm.newArray());
      callNames.forEach((n, i) => {
        const values = call.columns[n]!;
        vm.setProp(nameList, i, keep(vm.newString(n)));
        // A copy: the sandbox writes to its own memory only.
        vm.setProp(bufferList, i, keep(vm.newArrayBuffer(values.slice().buffer)));
      });
      let result: ReturnType<QuickJSContext['callFunction']>;
      try {
        result = vm.callFunction(driver, vm.undefined, fn, nameList, bufferList, keep(vm.newString(call.label)), log, keep(vm.newNumber(call.rows)));
      } catch (err) {
        // The host's stack ran out inside the WebAssembly instance: it may be inconsistent now.
        if (err instanceof RangeError) {
          wasmModule = undefined;
          throw new SandboxError('memory', 'stopped: too deep a recursion (stack overflow)', null);
        }
        throw err;
      }
      if (result.error) throw describe(vm, result.error, Date.now() >= deadline);
      const bytes = vm.getArrayBuffer(result.value);
      try {
        if (bytes.value.byteLength !== call.rows * 8) throw new SandboxError('result', `the function returned ${bytes.value.byteLength / 8} values for ${call.rows} rows`, null);
        out.push(new Float64Array(bytes.value.slice().buffer));
      } finally {
        bytes.dispose();
        result.value.dispose();
      }
    }
    return out;
  } finally {
    try {
      for (const h of handles.reverse()) if (h.alive) h.dispose();
      vm.dispose();
      runtime.dispose();
    } catch {
      // QuickJS can fail its own consistency check when freeing a runtime left by a stack
      // overflow; the WebAssembly instance is then aborted for good: the next execution loads a
      // fresh one. The outcome of this execution stands.
      wasmModule = undefined;
    }
  }
}
