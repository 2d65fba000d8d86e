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
  return new Encoder(undefined).root(value) as string;
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
  return new Encoder(refFor).root(value) as string;
}

/** A number as the replacer turns it into JSON text. */
function numberText(n: number): string {
  if (Number.isFinite(n)) return String(n); // JSON's Number::toString: the same text, -0 as "0"
  return Number.isNaN(n) ? '"$NaN"' : n > 0 ? '"$Inf"' : '"$-Inf"';
}

/**
 * Deeper than this, a value is not checked for the native serializer's fast path (below) but
 * walked level by level, where a cycle is found and reported as JSON.stringify reports it.
 */
const PLAIN_DEPTH_LIMIT = 64;

/** A reference that `refFor` gave, as its JSON text. */
class RefText {
  constructor(readonly text: string) {}
}

/**
 * One encoding, written as a list of pieces of text joined once at the end: the text of a
 * long array is copied once, whichever depth it sits at (a join per level would copy it per
 * level). Keeps the objects being written (a cycle is an error, as in JSON.stringify) and
 * what `refFor` said of each object (asked once per object: it may compare deeply).
 */
class Encoder {
  private readonly out: string[] = [];
  private readonly stack = new Set<object>();
  private readonly refs = new Map<object, string | undefined>();

  constructor(private readonly refFor: RefFor | undefined) {}

  root(value: unknown): string | undefined {
    const resolved = this.resolve({ '': value }, '', value, true);
    if (!written(resolved)) return undefined;
    this.write(resolved);
    return this.out.join('');
  }

  private refOf(value: object): string | undefined {
    if (!this.refFor) return undefined;
    if (this.refs.has(value)) return this.refs.get(value);
    const ref = this.refFor(value);
    this.refs.set(value, ref);
    return ref;
  }

  /**
   * What JSON.stringify(value, replacer) serializes for `holder[key]`: a reference, or the
   * value after its toJSON and the replacer.
   */
  private resolve(holder: unknown, key: string, input: unknown, root = false): unknown {
    let value = input;
    if (this.refFor && !root && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const ref = this.refOf(value);
      if (ref !== undefined) return new RefText(`{"$ref":${JSON.stringify(ref)}}`);
    }
    if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') value = toJSON.call(value, key) as unknown;
    }
    return replacer.call(holder, key, value);
  }

  /** A resolved value, by its type; never one that `written` refuses. */
  private write(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.out.push(JSON.stringify(value));
        return;
      case 'number':
        this.out.push(numberText(value));
        return;
      case 'boolean':
        this.out.push(value ? 'true' : 'false');
        return;
      case 'bigint':
        this.out.push(JSON.stringify(value)); // throws, as JSON.stringify does
        return;
      default:
        break;
    }
    if (value === null) {
      this.out.push('null');
      return;
    }
    const object = value as object;
    if (object instanceof RefText) {
      this.out.push(object.text);
      return;
    }
    // Boxed primitives: the native rules (unwrapped) apply to them alone.
    if (object instanceof Number || object instanceof String || object instanceof Boolean) {
      this.out.push(JSON.stringify(object));
      return;
    }
    if (this.stack.has(object)) throw new TypeError('Converting circular structure to JSON');
    if (Array.isArray(object)) this.writeArray(object);
    else if (this.plain(object, 0)) this.out.push(JSON.stringify(object));
    else this.writeObject(object as Record<string, unknown>);
  }

  private writeObject(object: Record<string, unknown>): void {
    this.stack.add(object);
    let first = true;
    for (const k of Object.keys(object)) {
      const v = this.resolve(object, k, object[k]);
      if (!written(v)) continue;
      this.out.push(`${first ? '{' : ','}${JSON.stringify(k)}:`);
      first = false;
      this.write(v);
    }
    this.out.push(first ? '{}' : '}');
    this.stack.delete(object);
  }

  private writeArray(array: readonly unknown[]): void {
    let numbers = true;
    let nonFinite = 0;
    let infinite = 0;
    for (let i = 0; i < array.length; i++) {
      const v = array[i];
      if (typeof v !== 'number') {
        numbers = false;
        break;
      }
      if (!Number.isFinite(v)) {
        nonFinite++;
        if (!Number.isNaN(v)) infinite++;
      }
    }
    // Finite numbers pass the replacer unchanged: the native serializer writes the same text.
    if (numbers && nonFinite === 0) this.out.push(JSON.stringify(array));
    else if (numbers) this.writeNumbers(array as readonly number[], infinite > 0);
    else if (this.plain(array, 0)) this.out.push(JSON.stringify(array));
    else {
      this.stack.add(array);
      for (let i = 0; i < array.length; i++) {
        if (i > 0) this.out.push(',');
        else this.out.push('[');
        const v = this.resolve(array, String(i), array[i]);
        if (written(v)) this.write(v);
        else this.out.push('null');
      }
      this.out.push(array.length > 0 ? ']' : '[]');
      this.stack.delete(array);
    }
  }

  /**
   * Numbers with some NaN or ±Infinity among them (an indicator's warm-up, gaps): the native
   * serializer writes the whole array, each non-finite number as `null` (the only `null` in
   * the text of numbers), and the codec's string for each takes its place, in order.
   */
  private writeNumbers(array: readonly number[], infinite: boolean): void {
    const pieces = JSON.stringify(array).split('null');
    this.out.push(pieces[0]!);
    let k = 1;
    for (let i = 0; i < array.length && k < pieces.length; i++) {
      const v = array[i]!;
      if (Number.isFinite(v)) continue;
      this.out.push(infinite ? numberText(v) : '"$NaN"', pieces[k]!);
      k++;
    }
  }

  /**
   * Whether the native serializer alone, JSON.stringify(value), writes the text of the codec:
   * plain objects and arrays (no toJSON, no typed array, no class instance) of finite numbers,
   * strings, booleans, null (and what both leave out or write as null: undefined, functions,
   * symbols), with no member that `refFor` names. A walk over the members, a small fraction of
   * the time it takes to write them; long arrays of small objects (a forest's trees, trades)
   * then go out in one call instead of a call per member.
   */
  private plain(value: object, depth: number): boolean {
    if (depth > PLAIN_DEPTH_LIMIT) return false;
    if (Array.isArray(value)) {
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
      for (let i = 0; i < value.length; i++) if (!this.plainMember(value[i], depth)) return false;
      return true;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
    for (const k of Object.keys(value)) if (!this.plainMember((value as Record<string, unknown>)[k], depth)) return false;
    return true;
  }

  private plainMember(v: unknown, depth: number): boolean {
    switch (typeof v) {
      case 'number':
        return Number.isFinite(v);
      case 'object':
        if (v === null) return true;
        if (this.refFor && !Array.isArray(v) && this.refOf(v) !== undefined) return false;
        return this.plain(v, depth + 1);
      case 'bigint':
        return false;
      default:
        return true; // string, boolean; undefined, function and symbol: left out of objects, null in arrays
    }
  }
}

/** Whether a resolved value is written: undefined, functions and symbols are left out of objects (null in arrays). */
function written(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
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
