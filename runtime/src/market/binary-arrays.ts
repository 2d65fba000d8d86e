/**
 * One-dimensional PostgreSQL arrays in the binary wire format, passed as a Buffer
 * parameter: both `pg` and PGlite send a Buffer parameter in binary, so the server reads
 * each number with a memcpy instead of parsing its text. For a million candles this is
 * what makes the import fast, on PGlite most of all (text floats cost it ~3x the time).
 *
 * Layout (array_recv): ndim, has-null flag, element type oid, then per dimension its
 * length and lower bound; then per element its byte length and big-endian value.
 */
const INT8_OID = 20;
const FLOAT8_OID = 701;
const HEADER = 20;
const PER_ELEMENT = 12; // 4-byte length + 8-byte value

function encode(oid: number, n: number, write: (buf: Buffer, offset: number, i: number) => void): Buffer {
  const buf = Buffer.allocUnsafe(HEADER + n * PER_ELEMENT);
  buf.writeInt32BE(1, 0);
  buf.writeInt32BE(0, 4);
  buf.writeInt32BE(oid, 8);
  buf.writeInt32BE(n, 12);
  buf.writeInt32BE(1, 16);
  let o = HEADER;
  for (let i = 0; i < n; i++) {
    buf.writeInt32BE(8, o);
    write(buf, o + 4, i);
    o += PER_ELEMENT;
  }
  return buf;
}

/** A float8[] parameter (use with `$n::float8[]`). Values must be finite: callers validate. */
export function float8Array(values: readonly number[]): Buffer {
  return encode(FLOAT8_OID, values.length, (buf, o, i) => buf.writeDoubleBE(values[i]!, o));
}

/** An int8[] (bigint[]) parameter from safe integers (use with `$n::bigint[]`). */
export function int8Array(values: readonly number[]): Buffer {
  return encode(INT8_OID, values.length, (buf, o, i) => buf.writeBigInt64BE(BigInt(values[i]!), o));
}
