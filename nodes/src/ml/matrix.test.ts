import { describe, expect, it } from 'vitest';
import {
  fitStandardScaler, getColumn, matrixFromColumns, matrixFromRows, selectColumns, selectRows, sliceRows, transformStandard,
} from './matrix';

describe('matrix', () => {
  const m = matrixFromColumns([
    { name: 'a', values: [1, 2, 3] },
    { name: 'b', values: [10, 20, 30] },
  ]);

  it('is row-major', () => {
    expect(Array.from(m.data)).toEqual([1, 10, 2, 20, 3, 30]);
    expect(Array.from(getColumn(m, 1))).toEqual([10, 20, 30]);
    expect(matrixFromRows([[1, 10], [2, 20], [3, 30]], ['a', 'b'])).toEqual(m);
  });

  it('selects and slices rows and columns', () => {
    expect(Array.from(selectRows(m, [2, 0]).data)).toEqual([3, 30, 1, 10]);
    expect(Array.from(sliceRows(m, 1, 3).data)).toEqual([2, 20, 3, 30]);
    expect(Array.from(selectColumns(m, ['b']).data)).toEqual([10, 20, 30]);
    expect(() => selectColumns(m, ['z'])).toThrow(/column "z" not found/);
    expect(() => matrixFromColumns([{ name: 'a', values: [1] }, { name: 'b', values: [1, 2] }])).toThrow(/"b" has 2 values/);
  });

  it('standardizes with population std, constant columns to 0', () => {
    const x = matrixFromColumns([
      { name: 'a', values: [1, 2, 3, 4] },
      { name: 'c', values: [5, 5, 5, 5] },
    ]);
    const s = fitStandardScaler(x);
    expect(s.mean).toEqual([2.5, 5]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(s.std[1]).toBe(1);
    const z = transformStandard(s, x);
    expect(Array.from(getColumn(z, 1))).toEqual([0, 0, 0, 0]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
