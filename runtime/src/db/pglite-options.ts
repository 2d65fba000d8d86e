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
 * graph reads, the run tables) cached. COINLAB_PGLITE_SHARED_BUFFERS overrides it.
 */
export function pgliteStartParams(defaults: readonly string[]): string[] {
  const sharedBuffers = process.env.COINLAB_PGLITE_SHARED_BUFFERS ?? '32MB';
  if (!/^\d+(kB|MB|GB)$/.test(sharedBuffers)) {
    throw new Error(`COINLAB_PGLITE_SHARED_BUFFERS must be a size such as 32MB (got "${sharedBuffers}")`);
  }
  return [...defaults, '-c', `shared_buffers=${sharedBuffers}`];
}

/** The options every PGlite instance of the runtime is created with (worker and in-thread alike). */
export function pgliteOptions(defaultStartParams: readonly string[]): Pick<PGliteOptions, 'serializers' | 'parsers' | 'startParams'> {
  return { ...byteaCodec, startParams: pgliteStartParams(defaultStartParams) };
}
