import { describe, expect, it } from 'vitest';
import { decodeValue, decodeValueReference, encodeValue, encodeValueReference, encodeValueWithRefs, type RefFor } from './codec';

/** Values of every shape node outputs take, and the corners of JSON.stringify's rules. */
function samples(): unknown[] {
  const withNaN = Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? Number.NaN : i % 11 === 0 ? -Infinity : i * 0.1 - 3));
  const date = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
  const sparse: number[] = [1, 2];
  sparse[4] = 5;
  const protoKey = JSON.parse('{"__proto__": "$NaN", "a": 1}') as unknown;
  return [
    { kind: 'frame', barMinutes: 5, groups: [{ coin: 'ETH_BTC', ts: [1, 2, 3], columns: { close: [0.1, 0.2, 1e-7], rsi: withNaN, vol: [-0, 1e21, 5e-324] } }] },
    { f64: new Float64Array([1.5, Number.NaN, Infinity]), i32: new Int32Array([1, -2]), view: new DataView(new ArrayBuffer(2)) },
    [undefined, () => 1, Symbol('s'), null, 'x', true, false, [], {}],
    { u: undefined, f: () => 1, s: Symbol('s'), n: null, nested: { deeper: [[1, Number.NaN], ['$NaN', '$Inf', '$-Inf', '$other']] } },
    { date, withToJSON: { toJSON: (k: string) => `key:${k}` }, boxed: [new Number(3), new String('s'), new Boolean(false)] },
    { map: new Map([[1, 2]]), set: new Set([1]), sparse, strings: ['a"b', '\u2028', 'é', '\ud800'] },
    Number.NaN,
    -Infinity,
    '$NaN',
    'plain',
    42,
    null,
    [],
    protoKey,
  ];
}

describe('encodeValue / decodeValue', () => {
  it('writes exactly the text of JSON.stringify with the replacer, for every shape', () => {
    for (const v of samples()) expect(encodeValue(v)).toBe(encodeValueReference(v));
    expect(encodeValue(undefined)).toBe(encodeValueReference(undefined));
    expect(encodeValue({ a: [1, Number.NaN] }, 2)).toBe(encodeValueReference({ a: [1, Number.NaN] }, 2));
  });

  it('reads back exactly what JSON.parse with the reviver reads', () => {
    for (const v of samples()) {
      const text = encodeValueReference(v);
      if (text === undefined) continue;
      expect(decodeValue(text)).toStrictEqual(decodeValueReference(text));
    }
    const back = decodeValue('{"__proto__":"$NaN","a":"$Inf"}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toBeNaN();
    expect(back.a).toBe(Infinity);
  });

  it('refuses what JSON.stringify refuses: cycles and bigints', () => {
    const cyclic: Record<string, unknown> = { a: [1] };
    cyclic.self = { back: cyclic };
    expect(() => encodeValue(cyclic)).toThrow(TypeError);
    expect(() => encodeValue({ big: 1n })).toThrow(TypeError);
    // The same object twice (not a cycle) is written twice, as JSON.stringify does.
    const shared = [1, 2];
    expect(encodeValue({ a: shared, b: shared })).toBe('{"a":[1,2],"b":[1,2]}');
  });

  it('writes a dataset-sized value (warm-up NaNs, long finite runs) exactly as the replacer does', () => {
    const column = (c: number) => Array.from({ length: 6000 }, (_, i) => (i < 50 + c ? Number.NaN : i === 3000 ? Infinity : Math.sin(i * (c + 1)) * 1e-3));
    const value = { groups: Array.from({ length: 3 }, (_, g) => ({ coin: `C${g}`, ts: Array.from({ length: 6000 }, (_, i) => 1.5e12 + i * 3e5), columns: Object.fromEntries(Array.from({ length: 13 }, (_, c) => [`f${c}`, column(c)])) })) };
    expect(encodeValue(value)).toBe(encodeValueReference(value));
  });

  it('writes exactly the replacer\'s text for the corners of the fast paths', () => {
    for (const v of cornerSamples()) {
      expect(encodeValue(v)).toBe(encodeValueReference(v));
      expect(encodeValue([v, { v }])).toBe(encodeValueReference([v, { v }]));
    }
  });

  it('refuses what JSON.stringify refuses wherever it sits: cycles through arrays, bigints in typed arrays', () => {
    const loop: unknown[] = [1, { a: 2 }];
    loop.push([loop]);
    expect(() => encodeValue(loop)).toThrow(TypeError);
    expect(() => encodeValue([{ a: [{ big: 2n }] }])).toThrow(TypeError);
    expect(() => encodeValue({ a: new BigInt64Array([1n]) })).toThrow(TypeError);
  });

  it('reads back what it wrote: NaN and ±Infinity in columns and in arrays of objects', () => {
    const values: unknown[] = [
      { groups: [{ coin: 'A', ts: [1, 2, 3], columns: { x: [Number.NaN, 1.5, Infinity], y: [-Infinity, Number.NaN, Number.NaN] } }] },
      [{ a: Number.NaN, b: 1 }, { a: -Infinity, c: [Infinity, null, 'é"\\'] }, null, [], {}],
      Array.from({ length: 20_000 }, (_, i) => (i % 13 === 0 ? Number.NaN : i % 17 === 0 ? Infinity : i % 19 === 0 ? -Infinity : i / 7)),
      { trees: Array.from({ length: 50 }, (_, t) => ({ feature: [t, -1, -1], values: [0.25, t % 3 === 0 ? Number.NaN : 0.75] })) },
    ];
    for (const v of values) expect(decodeValue(encodeValue(v))).toStrictEqual(v);
    // Typed arrays come back as arrays, -0 as 0 and undefined members are left out, as in JSON.
    expect(decodeValue(encodeValue({ f: new Float32Array([0.5, Number.NaN]), z: -0, u: undefined, a: [undefined] }))).toStrictEqual({ f: [0.5, Number.NaN], z: 0, a: [null] });
  });
});

describe('encodeValueWithRefs', () => {
  /**
   * The definition: the replacer's text, with every non-array object below the root that
   * `refFor` names (as it was before its toJSON) written as {"$ref": name}.
   */
  function withRefsReference(value: unknown, refFor: RefFor): string {
    let atRoot = true;
    return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key];
      if (atRoot) atRoot = false;
      else if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
        const ref = refFor(raw);
        if (ref !== undefined) return { $ref: ref };
      }
      return codecReplacer(v);
    });
  }

  it('writes references where refFor names an object, the replacer\'s text elsewhere', () => {
    const dataset = { kind: 'dataset', groups: [{ coin: 'A', ts: [1, 2], columns: { f: [Number.NaN, 2] } }] };
    const splits = { kind: 'splits', dataset, folds: [{ name: 'f0', train: [{ coin: 'A', start: 0, end: 1 }], test: [{ coin: 'A', start: 1, end: 2 }] }] };
    const named = new Map<object, string>([
      [dataset, '../dataset/dataset.json'],
      [splits, '../split/splits.json'],
    ]);
    let asked = 0;
    const refFor: RefFor = (o) => {
      asked++;
      return named.get(o);
    };
    const model = { kind: 'model', splits, model: { trees: [{ feature: [0, -1], values: [0.5, Number.NaN] }], featureNames: ['f'] }, trainRows: 1 };
    const samples: unknown[] = [model, splits, dataset, { list: [splits, dataset, { inner: dataset }], plain: [{ a: 1 }, { b: [2, 3] }] }, [dataset, { d: dataset }], cornerSamples()];
    for (const v of samples) expect(encodeValueWithRefs(v, refFor)).toBe(withRefsReference(v, refFor));
    // The root itself is written, never referred to.
    expect(encodeValueWithRefs(splits, refFor)).toContain('"folds"');
    expect(encodeValueWithRefs(model, refFor)).toContain('{"$ref":"../split/splits.json"}');
    // Asked once per object, however often the encoder looks at it (the answer may take a deep comparison).
    asked = 0;
    encodeValueWithRefs({ a: [{ x: 1 }, { y: Number.NaN }], b: { c: { d: [Number.NaN] } } }, refFor);
    expect(asked).toBe(4);
  });
});

/** The replacer of the codec's definition (codec.ts), for the definition of references built on it. */
function codecReplacer(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.isNaN(value) ? '$NaN' : value > 0 ? '$Inf' : '$-Inf';
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/** Values at the edges of the encoder's fast paths: where the native serializer alone must not be trusted, and where it must agree. */
function cornerSamples(): unknown[] {
  const scattered = Array.from({ length: 100_000 }, (_, i) => (i % 10 === 3 ? Number.NaN : i % 997 === 0 ? Infinity : i % 991 === 0 ? -Infinity : (i - 5e4) * 1.000001e-3));
  const deepPlain: Record<string, unknown> = { leaf: [1, 2] };
  let deep = deepPlain;
  for (let i = 0; i < 100; i++) deep = { a: deep, n: i };
  let deepNaN: unknown = [Number.NaN];
  for (let i = 0; i < 100; i++) deepNaN = i % 2 ? { a: deepNaN } : [deepNaN, -0];
  class Point {
    constructor(
      public x: number,
      public y: number,
    ) {}
  }
  const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: [Number.NaN] });
  const nullProtoFinite = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: [2] });
  const sparseObjects: unknown[] = [{ a: 1 }];
  sparseObjects[3] = { b: 2 };
  return [
    // Arrays of objects: every kind of member, finite and not.
    [{ a: Number.NaN, b: -0 }, { a: Infinity, c: undefined, d: null }, { e: [-Infinity, 1] }, { f: () => 1, g: Symbol('g') }],
    [{ a: 1, b: -0, c: 'x' }, { a: 2, d: null, e: undefined, f: [] }, { nested: [{ deeper: [1, 2, { z: true }] }] }],
    [[Number.NaN, 1], [2, 3], [], [Infinity], [-Infinity, -0]],
    [1, 'a', Number.NaN, { x: Number.NaN }, [Number.NaN], null, undefined, true, -0],
    sparseObjects,
    // Typed arrays of every kind, empty ones, NaN in a float array.
    {
      f32: new Float32Array([0.1, Number.NaN, -Infinity, -0]),
      f64: new Float64Array([1e-7, 1e21, 5e-324, Number.MAX_VALUE]),
      i8: new Int8Array([-128, 127]),
      u8: new Uint8Array([0, 255]),
      u8c: new Uint8ClampedArray([3]),
      i16: new Int16Array([-1]),
      u16: new Uint16Array([65535]),
      i32: new Int32Array([-2147483648]),
      u32: new Uint32Array([4294967295]),
      empty: new Float64Array(0),
      trees: [{ feature: new Int32Array([0, -1, -1]), values: new Float64Array([0.5, Number.NaN]) }],
    },
    // Empty containers, nested.
    [[], {}, [[]], [{}], { a: [] }, { a: {} }],
    {},
    // Strings: quotes, backslashes, control characters, unicode, lone surrogates; in keys too.
    { 'k"ey': 'va"l\\ue', 'ü\u2028': '\u0000\u001f\t\n', '😀': ['\ud800', '\udfff', 'a\ud83d\ude00b'], '': '', $NaN: '$NaN', '__x': '$-Inf' },
    // Long numeric columns: NaN scattered, ±Infinity among them, all NaN, NaN only at the end, all infinite.
    scattered,
    { columns: { scattered, allNaN: new Array<number>(5000).fill(Number.NaN), tail: [...Array.from({ length: 5000 }, (_, i) => i * 0.5), Number.NaN, Number.NaN], inf: [Infinity, -Infinity, Infinity] } },
    Array.from({ length: 2000 }, (_, i) => ({ coin: `C${i % 7}`, entryTs: 1.5e12 + i, exitTs: 1.5e12 + i + 300_000, returnPct: i % 50 === 0 ? Number.NaN : Math.sin(i) / 100 })),
    Array.from({ length: 2000 }, (_, i) => ({ coin: `C${i % 7}`, entryTs: 1.5e12 + i, returnPct: Math.cos(i) / 100, flags: [i % 2 === 0, null] })),
    // Beyond the fast path's depth limit, with and without something to replace.
    deep,
    deepNaN,
    // Objects the native serializer would write the same, or not: class instances, null prototypes, toJSON anywhere.
    [new Point(1, Number.NaN), new Point(2, 3)],
    [nullProto, nullProtoFinite],
    { list: [{ toJSON: () => Number.NaN }, { toJSON: (k: string) => ({ key: k, v: [Infinity] }) }, { toJSON: 3 }], d: [new Date(0)] },
    [new Map([[1, 2]]), new Set([1]), { m: new Map() }],
    [new Number(Number.NaN), new String('s'), new Boolean(true), { n: new Number(Infinity) }],
    Object.assign([1, 2, 3], { extra: 'ignored' }),
  ];
}
