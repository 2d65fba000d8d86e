import type { PGliteOptions } from '@electric-sql/pglite';

const BYTEA_OID = 17;

/**
 * PGlite's own bytea codec builds one JS string per byte (hex in, parseInt per pair out): a
 * 1.8 MB model artifact took ~0.8 s to write and longer to read. Parameters go in binary
 * instead: PGlite sends a parameter that is a byte array in PostgreSQL's binary format, so
 * the bytes are copied as they are, with no hex text to build here and to decode in the
 * WebAssembly backend (a 1.8 MB insert: ~20–50 ms, against ~40–220 ms with Buffer's hex).
 * Results come as hex text, decoded by Buffer's native codec.
 */
export const byteaCodec = {
  serializers: {
    // PGlite types a serializer as returning text; a byte array is its binary-parameter case.
    [BYTEA_OID]: ((value: unknown): Uint8Array => {
      if (!(value instanceof Uint8Array)) throw new Error('bytea parameter must be a Uint8Array');
      return value;
    }) as unknown as (value: unknown) => string,
  },
  parsers: {
    [BYTEA_OID]: (text: string): Uint8Array => {
      const bytes = Buffer.from(text.slice(2), 'hex');
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  },
} satisfies Pick<PGliteOptions, 'serializers' | 'parsers'>;

/**
 * PostgreSQL's default 128 MB of shared buffers are allocated inside PGlite's WASM heap and
 * stay resident for the life of the process: most of the embedded database's memory. The
 * embedded database serves one local user; 32 MB keeps its working set (candles of the coins a
 * graph reads, the run tables) cached for a server's hours.
 */
const LONG_LIVED_SHARED_BUFFERS = '32MB';

/**
 * A short-lived command's pool. PostgreSQL zeroes the pool as it boots, and on V8's baseline
 * compiler (see cli/wasm-tiering.ts) that takes ~4 ms per MB: 32 MB cost a `coinlab run` ~0.12 s
 * before its first query (CPU profile of the boot), 8 MB ~0.04 s. One command reads a graph's
 * candles once; the operating system's file cache serves what falls out of a smaller pool.
 */
const SHORT_LIVED_SHARED_BUFFERS = '8MB';

let processSharedBuffers = LONG_LIVED_SHARED_BUFFERS;

/** This process is a short-lived command: the embedded databases it opens from now on get the small pool. */
export function useShortLivedBufferPool(): void {
  processSharedBuffers = SHORT_LIVED_SHARED_BUFFERS;
}

/** The shared-buffers size this process opens embedded databases with: COINLAB_PGLITE_SHARED_BUFFERS, else by the process's lifetime. */
export function sharedBuffersSetting(env: NodeJS.ProcessEnv = process.env): string {
  const sharedBuffers = env.COINLAB_PGLITE_SHARED_BUFFERS ?? processSharedBuffers;
  if (!/^\d+(kB|MB|GB)$/.test(sharedBuffers)) {
    throw new Error(`COINLAB_PGLITE_SHARED_BUFFERS must be a size such as 32MB (got "${sharedBuffers}")`);
  }
  return sharedBuffers;
}

/** PGlite's start parameters with the shared buffers set (the main thread's setting, passed on to a worker thread). */
export function pgliteStartParams(defaults: readonly string[], sharedBuffers: string = sharedBuffersSetting()): string[] {
  return [...defaults, '-c', `shared_buffers=${sharedBuffers}`];
}

/** The options every PGlite instance of the runtime is created with (worker and in-thread alike). */
export function pgliteOptions(defaultStartParams: readonly string[], sharedBuffers?: string): Pick<PGliteOptions, 'serializers' | 'parsers' | 'startParams'> {
  return { ...byteaCodec, startParams: pgliteStartParams(defaultStartParams, sharedBuffers) };
}
