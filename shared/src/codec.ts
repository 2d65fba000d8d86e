/**
 * JSON encoding for node outputs that keeps NaN and ±Infinity (plain JSON turns them into
 * null, which would silently change cached indicator values) and typed arrays. Used for the
 * output cache, `--out` files and the outputs API, so a value read back is the value written.
 *
 * The text is exactly `JSON.stringify(value, replacer)` with the replacer below (kept as
 * the definition, `encodeValueReference`); encodeValue produces the same text faster. Node
 * outputs are mostly long arrays of numbers: a replacer function costs a call per number
 * (about 0.1 s and tens of MB of garbage per 9 MB dataset), while an array of finite numbers
 * can go to the native JSON.stringify whole.
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

/** The definition of the encoding (and the slow path for indented text). */
export function encodeValueReference(value: unknown, space?: number): string {
  return JSON.stringify(value, replacer, space);
}

export function encodeValue(value: unknown, space?: number): string {
  if (space !== undefined) return encodeValueReference(value, space);
  // JSON.stringify(undefined) is undefined (typed as string); the same here.
  return encode({ '': value }, '', value, new Set(), undefined) as string;
}

/**
 * Names an object inside a value that is stored elsewhere (e.g. another node's output file);
 * undefined writes it in place.
 */
export type RefFor = (value: object) => string | undefined;

/**
 * encodeValue, except that objects below the root that `refFor` names are written as JSON
 * references, `{"$ref": "<name>"}`, instead of their content.
 */
export function encodeValueWithRefs(value: unknown, refFor: RefFor): string {
  return encode({ '': value }, '', value, new Set(), refFor, true) as string;
}

/** A number as the replacer turns it into JSON text. */
function numberText(n: number): string {
  if (Number.isFinite(n)) return String(n); // JSON's Number::toString: the same text, -0 as "0"
  return Number.isNaN(n) ? '"$NaN"' : n > 0 ? '"$Inf"' : '"$-Inf"';
}

/**
 * One value as JSON.stringify(value, replacer) serializes it in `holder[key]`: toJSON, then
 * the replacer, then the value by its type (undefined: left out of objects, null in arrays).
 */
function encode(holder: unknown, key: string, input: unknown, stack: Set<object>, refFor: RefFor | undefined, root = false): string | undefined {
  let value = input;
  if (refFor && !root && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const ref = refFor(value);
    if (ref !== undefined) return `{"$ref":${JSON.stringify(ref)}}`;
  }
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key) as unknown;
  }
  value = replacer.call(holder, key, value);
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return numberText(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    case 'bigint':
      return JSON.stringify(value); // throws, as JSON.stringify does
    default:
      return undefined; // undefined, function, symbol
  }
  if (value === null) return 'null';
  // Boxed primitives: the native rules (unwrapped) apply to them alone.
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return JSON.stringify(value);
  if (stack.has(value)) throw new TypeError('Converting circular structure to JSON');
  if (Array.isArray(value)) return encodeArray(value, stack, refFor);
  stack.add(value);
  let text = '';
  for (const k of Object.keys(value)) {
    const v = encode(value, k, (value as Record<string, unknown>)[k], stack, refFor);
    if (v === undefined) continue;
    text += `${text ? ',' : ''}${JSON.stringify(k)}:${v}`;
  }
  stack.delete(value);
  return `{${text}}`;
}

function encodeArray(array: readonly unknown[], stack: Set<object>, refFor: RefFor | undefined): string {
  let numbers = true;
  let finite = true;
  for (let i = 0; i < array.length; i++) {
    const v = array[i];
    if (typeof v !== 'number') {
      numbers = false;
      break;
    }
    if (!Number.isFinite(v)) finite = false;
  }
  // Finite numbers pass the replacer unchanged: the native serializer writes the same text.
  if (numbers && finite && array.length > 0) return JSON.stringify(array);
  if (numbers) return encodeNumbers(array as readonly number[]);
  stack.add(array);
  let text = '';
  for (let i = 0; i < array.length; i++) text += (i ? ',' : '') + (encode(array, String(i), array[i], stack, refFor) ?? 'null');
  stack.delete(array);
  return `[${text}]`;
}

/**
 * Numbers with some NaN or ±Infinity among them (an indicator's warm-up): each run of finite
 * numbers goes to the native serializer as one slice, the others are written one by one.
 */
function encodeNumbers(array: readonly number[]): string {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i <= array.length; i++) {
    if (i < array.length && Number.isFinite(array[i])) continue;
    if (i > start) parts.push(JSON.stringify(array.slice(start, i)).slice(1, -1));
    if (i < array.length) parts.push(numberText(array[i]!));
    start = i + 1;
  }
  return `[${parts.join(',')}]`;
}

/** The definition of decoding: JSON.parse with the reviver. */
export function decodeValueReference(text: string): unknown {
  return JSON.parse(text, reviver);
}

/**
 * The same value as decodeValueReference, faster: the native parser without a reviver (a
 * call per value), then the few `$NaN` / `$Inf` / `$-Inf` strings replaced in place.
 */
export function decodeValue(text: string): unknown {
  return revive(JSON.parse(text) as unknown);
}

function revive(value: unknown): unknown {
  if (typeof value === 'string') return reviver('', value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'object' && v !== null) revive(v);
      else if (typeof v === 'string' && v.charCodeAt(0) === 36) value[i] = reviver('', v);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    const v = record[k];
    if (typeof v === 'object' && v !== null) revive(v);
    // defineProperty: a "__proto__" key is an own property here, not the prototype.
    else if (typeof v === 'string' && v.charCodeAt(0) === 36) Object.defineProperty(record, k, { value: reviver(k, v), writable: true, enumerable: true, configurable: true });
  }
  return value;
}
