import { describe, expect, it } from 'vitest';
import { formatReturn, sparklinePoints } from './paper-api';

describe('paper panel helpers', () => {
  it('formats returns with their sign', () => {
    expect(formatReturn(0.0125)).toBe('+1.25%');
    expect(formatReturn(-0.5)).toBe('-50.00%');
    expect(formatReturn(0)).toBe('+0.00%');
  });
  it('scales an equity curve into the box, highest at the top; a flat or single point curve stays drawable', () => {
    expect(sparklinePoints([1, 2, 1.5], 100, 10)).toBe('0.0,10.0 50.0,0.0 100.0,5.0');
    expect(sparklinePoints([1, 1], 10, 4)).toBe('0.0,4.0 10.0,4.0');
    expect(sparklinePoints([1], 10, 4)).toBe('');
  });
});
