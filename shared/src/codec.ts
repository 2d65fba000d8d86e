/**
 * JSON encoding for node outputs that keeps NaN and ±Infinity (plain JSON turns them into
 * null, which would silently change cached indicator values) and typed arrays. Used for the
 * output cache, `--out` files and the outputs API, so a value read back is the value written.
 */
const NON_FINITE: Record<string, number> = { $NaN: Number.NaN, $Inf: Number.POSITIVE_INFINITY, '$-Inf': Number.NEGATIVE_INFINITY };

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    if (Number.isNaN(value)) return '$NaN';
    return value > 0 ? '$Inf' : '$-Inf';
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.charCodeAt(0) === 36 /* $ */ && value in NON_FINITE) return NON_FINITE[value];
  return value;
}

export function encodeValue(value: unknown, space?: number): string {
  return JSON.stringify(value, replacer, space);
}

export function decodeValue(text: string): unknown {
  return JSON.parse(text, reviver);
}
