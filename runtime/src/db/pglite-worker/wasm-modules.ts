import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { webAssembly, type WasmModule } from './protocol';

/**
 * PGlite's WebAssembly, compiled once per process and handed to every worker: in-thread,
 * PGlite caches its compiled module across instances, but each new worker thread would
 * compile its own (~10 MB, about half a second of CPU per open). V8 compiles
 * asynchronously on its background threads and shares the code between threads.
 * Undefined when the file cannot be read or compiled: the worker then compiles its own.
 */
const cache = new Map<string, Promise<WasmModule | undefined>>();

export function compiledWasm(file: 'pglite.wasm' | 'initdb.wasm'): Promise<WasmModule | undefined> {
  let compiled = cache.get(file);
  if (!compiled) {
    compiled = compile(file);
    cache.set(file, compiled);
  }
  return compiled;
}

async function compile(file: string): Promise<WasmModule | undefined> {
  try {
    // Beside the package's entry (dist/index.cjs), where PGlite itself looks for it.
    const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    return await webAssembly.compile(await fs.promises.readFile(path.join(dist, file)));
  } catch {
    return undefined;
  }
}
