import { describe, expect, it } from 'vitest';
import { checkDegradation } from './degradation';

const rule = { metric: 'sharpe' as const, maxDrop: 1, minTrades: 3 };
const research = { source: 'backtest' as const, stats: { sharpe: 2, winRate: 0.6, trades: 50 } };

describe('checkDegradation', () => {
  it('is off without a rule, and waits for a research score and enough trades', () => {
    expect(checkDegradation(null, research, { sharpe: -5, trades: 10 })).toEqual({ state: 'off' });
    expect(checkDegradation(rule, null, { sharpe: -5, trades: 10 })).toMatchObject({ state: 'waiting' });
    expect(checkDegradation({ ...rule, metric: 'totalReturn' }, research, { totalReturn: -1, trades: 10 })).toMatchObject({ state: 'waiting', why: 'the research score has no totalReturn' });
    expect(checkDegradation(rule, research, { sharpe: -5, trades: 2 })).toMatchObject({ state: 'waiting', trades: 2, minTrades: 3 });
  });
  it('is degraded from a drop of maxDrop on, and ok again above it', () => {
    expect(checkDegradation(rule, research, { sharpe: 1, trades: 3 })).toEqual({ state: 'degraded', metric: 'sharpe', research: 2, paper: 1, drop: 1, maxDrop: 1, trades: 3 });
    expect(checkDegradation(rule, research, { sharpe: 1.5, trades: 3 })).toMatchObject({ state: 'ok', drop: 0.5 });
    expect(checkDegradation(rule, research, { sharpe: 3, trades: 3 })).toMatchObject({ state: 'ok', drop: -1 });
    expect(checkDegradation({ metric: 'winRate', maxDrop: 0.2, minTrades: 1 }, research, { winRate: 0.3, trades: 4 })).toMatchObject({ state: 'degraded', paper: 0.3 });
  });
});
