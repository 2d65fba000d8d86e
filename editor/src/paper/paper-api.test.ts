import { describe, expect, it } from 'vitest';
import { degradedText, formatReturn } from './paper-api';

describe('paper panel helpers', () => {
  it('formats returns with their sign', () => {
    expect(formatReturn(0.0125)).toBe('+1.25%');
    expect(formatReturn(-0.5)).toBe('-50.00%');
    expect(formatReturn(0)).toBe('+0.00%');
  });
  it('says why a portfolio is degraded, and nothing otherwise', () => {
    const rule = { metric: 'sharpe' as const, maxDrop: 1, minTrades: 10 };
    const base = { rule, research: { source: 'promotion' as const, stats: { sharpe: 1.5 } }, why: null, degradedAt: null };
    expect(degradedText({ ...base, state: 'degraded', researchValue: 1.5, paperValue: 0.2, drop: 1.3, degradedAt: '2026-01-02T00:00:00.000Z' })).toBe('sharpe 0.20 on paper, 1.30 below research 1.50');
    expect(degradedText({ ...base, state: 'ok', researchValue: 1.5, paperValue: 1.2, drop: 0.3 })).toBeNull();
    expect(degradedText({ ...base, rule: null, state: 'off', researchValue: null, paperValue: null, drop: null })).toBeNull();
  });
});
