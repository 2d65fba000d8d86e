import { describe, expect, it } from 'vitest';
import { createMemoryServices } from '../offline/memory-services';
import type { BacktestValue } from '../port-values';
import { runNode } from '../split/test-kit';
import gate, { QualityGateError } from './quality-gate.node.ts';

const services = createMemoryServices();
const backtest = (stats: Record<string, number>): BacktestValue => ({ kind: 'backtest', model: 'm', stats, equity: [], trades: [], charts: [] });
const good = { trades: 40, winRate: 0.55, sharpe: 1.2, maxDrawdown: 0.1 };

describe('backtest.quality_gate', () => {
  it('passes a backtest that meets every threshold', async () => {
    const out = await runNode(gate, {}, { backtest: backtest(good) }, services);
    expect(out.backtest.gate).toEqual({ passed: true, reasons: [] });
    expect(out.backtest.stats).toEqual(good);
  });

  it('stops the branch with every reason, naming the parameters', async () => {
    const bad = { trades: 3, winRate: 0.4, sharpe: -0.5, maxDrawdown: 0.35 };
    const err = await runNode(gate, {}, { backtest: backtest(bad) }, services).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QualityGateError);
    const msg = (err as Error).message;
    for (const p of ['params.minTrades', 'params.minWinRate', 'params.minSharpe', 'params.maxDrawdown']) expect(msg).toContain(p);
    expect(msg).toContain('win rate 40.00% is below params.minWinRate 50.00%');
    expect((err as QualityGateError).reasons).toHaveLength(4);
  });

  it('checks only the thresholds that are set, and can mark instead of stopping', async () => {
    const out = await runNode(gate, { minWinRate: null, minSharpe: null, maxDrawdown: 0.3, minTrades: 0, onFail: 'mark' }, { backtest: backtest({ ...good, winRate: 0.1, maxDrawdown: 0.31 }) }, services);
    expect(out.backtest.gate?.passed).toBe(false);
    expect(out.backtest.gate?.reasons).toEqual(['max drawdown 31.00% exceeds params.maxDrawdown 30.00%']);
  });

  it('fails a statistic that is missing or NaN rather than passing it', async () => {
    await expect(runNode(gate, { minWinRate: null, maxDrawdown: null, minTrades: null }, { backtest: backtest({ sharpe: Number.NaN }) }, services)).rejects.toThrow(/Sharpe NaN is below params\.minSharpe 0/);
  });
});
