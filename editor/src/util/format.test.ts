import { describe, expect, test } from 'vitest';
import { columnFormatter, formatNumber } from './format';

describe('number formats', () => {
  test('formatNumber keeps whole numbers whole and rounds to the significant digits asked for', () => {
    expect(formatNumber(32)).toBe('32');
    expect(formatNumber(0.633302)).toBe('0.633302');
    expect(formatNumber(0.633302, 4)).toBe('0.6333');
    expect(formatNumber(0.00802063, 4)).toBe('0.008021');
    expect(formatNumber(123456789, 4)).toBe('123456789');
    expect(formatNumber(NaN)).toBe('NaN');
  });

  test('a column of prices gets one number of decimals, so the digits line up', () => {
    const prices = [0.0984, 0.099, 0.0989978, 0.0965257];
    const f = columnFormatter(prices);
    expect(prices.map(f)).toEqual(['0.098400', '0.099000', '0.098998', '0.096526']);
  });

  test('correlations read with four decimals; volumes with one; whole numbers stay whole', () => {
    expect([1, 0.655101, 0.0026824, -0.0000012].map(columnFormatter([1, 0.655101, 0.0026824, -0.0000012]))).toEqual(['1.0000', '0.6551', '0.0027', '0.0000']);
    expect([1234.56789, 12.5].map(columnFormatter([1234.56789, 12.5]))).toEqual(['1234.6', '12.5']);
    expect([5759, 12].map(columnFormatter([5759, 12]))).toEqual(['5759', '12']);
  });

  test('missing values and extreme magnitudes keep their general form', () => {
    const f = columnFormatter([NaN, 0.5, null]);
    expect([NaN, 0.5, null].map(f)).toEqual(['NaN', '0.50000', '']);
    expect(columnFormatter([3e-7, 1e-6])(3e-7)).toBe('3.000e-7');
  });
});
