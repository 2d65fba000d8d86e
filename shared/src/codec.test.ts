import { describe, expect, it } from 'vitest';
import { decodeValue, decodeValueReference, encodeValue, encodeValueReference } from './codec';

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
});
