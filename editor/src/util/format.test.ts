import { describe, expect, test } from 'vitest';
import { columnFormatter, formatDateTime, formatNumber } from './format';

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

  test('a narrow table asks for fewer significant digits, still one number of decimals per column', () => {
    expect([0.68012, 0.53291].map(columnFormatter([0.68012, 0.53291], 3))).toEqual(['0.680', '0.533']);
    expect([0.0344828, 0.045977].map(columnFormatter([0.0344828, 0.045977], 3))).toEqual(['0.0345', '0.0460']);
    expect([1234.5678, 2.5].map(columnFormatter([1234.5678, 2.5], 3))).toEqual(['1235', '3']);
  });

  test('missing values and extreme magnitudes keep their general form', () => {
    const f = columnFormatter([NaN, 0.5, null]);
    expect([NaN, 0.5, null].map(f)).toEqual(['NaN', '0.50000', '']);
    expect(columnFormatter([3e-7, 1e-6])(3e-7)).toBe('3.000e-7');
  });

  test('formatDateTime: day, month and 24-hour time on one line; the year only when it is not this one', () => {
    const now = new Date(2025, 10, 21, 12, 0).getTime();
    expect(formatDateTime(new Date(2025, 10, 21, 8, 41, 59).getTime(), now)).toBe('21 Nov 08:41');
    expect(formatDateTime(new Date(2025, 0, 3, 17, 5).getTime(), now)).toBe('3 Jan 17:05');
    expect(formatDateTime(new Date(2024, 11, 31, 23, 59).getTime(), now)).toBe('31 Dec 2024 23:59');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime(NaN)).toBe('');
  });
});
