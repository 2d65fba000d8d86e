import { describe, expect, it } from 'vitest';
import { axisDate, compareChart } from './compare-chart';

const box = { width: 110, height: 60, left: 10, right: 0, top: 5, bottom: 5 };
const at = (day: number, equity: number) => ({ ts: new Date(Date.UTC(2026, 2, day)).toISOString(), equity });

describe('compareChart', () => {
  it('shows the paper period after as long a stretch of backtest, the backtest rebased to 1 at the paper start', () => {
    // Backtest over days 1..11 (equity 2 on day 6, where paper starts); paper over days 6..8.
    const backtest = [at(1, 1), at(3, 1.6), at(4, 1.8), at(6, 2), at(7, 2.4), at(8, 1.8)];
    const paper = [at(6, 1), at(7, 1.1), at(8, 0.9)];
    const c = compareChart(paper, backtest, box);
    // Window: days 4..8 (two days before the paper start, as long as the paper period); backtest
    // divided by 2: 0.9, 1, 1.2, 0.9 — the days before the window are dropped.
    expect(c.time).toEqual({ from: Date.UTC(2026, 2, 4), to: Date.UTC(2026, 2, 8) });
    expect(c.equity).toEqual({ lo: 0.9, hi: 1.2 });
    // x: 10 + (day-4)/4 * 100; y: 5 + 50 - (v-0.9)/0.3 * 50.
    expect(c.backtest).toBe('10.0,55.0 60.0,38.3 85.0,5.0 110.0,55.0');
    expect(c.paper).toBe('60.0,38.3 85.0,21.7 110.0,55.0');
    expect(c.paperBand).toEqual({ x0: 60, x1: 110 });
  });
  it('rebases on the first backtest bar after the paper start when none is before it', () => {
    expect(compareChart([at(2, 1), at(3, 1.5)], [at(3, 4), at(4, 6)], box).backtest).toBe('60.0,55.0 110.0,5.0');
  });
  it('draws without a backtest, without paper bars, and with a single flat point', () => {
    expect(compareChart([], [at(1, 1), at(2, 1)], box)).toMatchObject({ paper: '', backtest: '10.0,30.0 110.0,30.0', paperBand: null });
    expect(compareChart([at(3, 1)], [], box)).toMatchObject({ paper: '60.0,30.0', backtest: '', paperBand: { x0: 60, x1: 60 } });
    expect(compareChart([], [], box)).toMatchObject({ paper: '', backtest: '', time: null });
  });
  it('skips points that cannot be placed', () => {
    expect(compareChart([{ ts: 'nope', equity: 1 }, at(1, Number.NaN), at(2, 1)], [], box).paper).toBe('60.0,30.0');
  });
  it('labels axis ends by UTC date', () => {
    expect(axisDate(Date.UTC(2026, 2, 4, 23, 59))).toBe('Mar 4');
  });
});
