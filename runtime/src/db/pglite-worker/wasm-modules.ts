import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { webAssembly, type WasmFile, type WasmModule } from './protocol';

/**
 * PGlite's WebAssembly, compiled once per process and handed to every later worker: in-thread,
 * PGlite caches its compiled module across instances, but each new worker thread would
 * compile its own (~10 MB, about half a second of CPU per open). The first worker compiles it
 * in its own thread — the main thread of a starting CLI is busy loading modules, and a compile
 * started there finishes only when its event loop gets to it — and hands it back here; V8
 * shares the compiled code between threads.
 */
const compiled = new Map<WasmFile, WasmModule>();

/** The modules this process already has, for a new worker's workerData. */
export function knownWasmModules(): { pgliteWasmModule?: WasmModule; initdbWasmModule?: WasmModule } {
  const pglite = compiled.get('pglite.wasm');
  const initdb = compiled.get('initdb.wasm');
  return { ...(pglite ? { pgliteWasmModule: pglite } : {}), ...(initdb ? { initdbWasmModule: initdb } : {}) };
}

/** Keeps what a worker compiled, for the next ones. */
export function keepWasmModules(modules: { pgliteWasmModule?: WasmModule; initdbWasmModule?: WasmModule }): void {
  if (modules.pgliteWasmModule && !compiled.has('pglite.wasm')) compiled.set('pglite.wasm', modules.pgliteWasmModule);
  if (modules.initdbWasmModule && !compiled.has('initdb.wasm')) compiled.set('initdb.wasm', modules.initdbWasmModule);
}

/**
 * Compiles one of PGlite's WebAssembly files (in the worker). Undefined when the file cannot
 * be read or compiled: PGlite then compiles its own, and reports what is wrong if it cannot.
 */
export async function compileWasm(file: WasmFile): Promise<WasmModule | undefined> {
  try {
    // Beside the package's entry (dist/index.cjs), where PGlite itself looks for it.
    const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    return await webAssembly.compile(await fs.promises.readFile(path.join(dist, file)));
  } catch {
    return undefined;
  }
}
