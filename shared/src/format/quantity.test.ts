import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent, formatPrice, formatQuantity, formatRatio, kindColumnFormatter } from './quantity';

describe('one format per kind of quantity', () => {
  it('percent: fractions read as percentages, tiny ones keep two significant digits', () => {
    expect(formatPercent(0.014815)).toBe('1.48%');
    expect(formatPercent(-0.0321)).toBe('-3.21%');
    expect(formatPercent(0.000012)).toBe('0.0012%');
    expect(formatPercent(-0.00000001, 2)).toBe('-0.000001%');
    expect(formatPercent(0)).toBe('0.00%');
    expect(formatPercent(Number.NaN)).toBe('–');
  });

  it('price: significant digits at any magnitude, so BTC-quoted prices stay distinct', () => {
    expect(formatPrice(0.00005123)).toBe('0.0000512300');
    expect(formatPrice(0.00005131)).not.toBe(formatPrice(0.00005123));
    expect(formatPrice(0.098998)).toBe('0.0989980');
    expect(formatPrice(43210.5)).toBe('43210.5');
    expect(formatPrice(2_500_000.4)).toBe('2,500,000');
    const col = kindColumnFormatter('price', [0.00005123, 0.00005131, 0.0001]);
    expect([0.00005123, 0.00005131, 0.0001].map(col)).toEqual(['0.0000512300', '0.0000513100', '0.0001000000']);
  });

  it('ratio and count', () => {
    expect(formatRatio(0.672812)).toBe('0.6728');
    expect(formatRatio(1.23456)).toBe('1.235');
    expect(formatRatio(3)).toBe('3');
    expect(formatCount(2128976)).toBe('2,128,976');
    expect(formatCount(-1234)).toBe('-1,234');
    expect(formatQuantity('time', Date.UTC(2018, 0, 2, 3, 4))).toBe('2018-01-02 03:04');
  });
});
