import { describe, expect, it } from 'vitest';
import { axisDate, compareChart } from './compare-chart';

const box = { width: 110, height: 60, left: 10, right: 0, top: 5, bottom: 5 };
const at = (day: number, equity: number) => ({ ts: new Date(Date.UTC(2026, 2, day)).toISOString(), equity });

describe('compareChart', () => {
  it('puts both curves on one time axis and one equity axis, with the paper period marked', () => {
    // Backtest over days 1..11, paper over days 6..11: the paper half sits at the right.
    const backtest = [at(1, 1), at(6, 1.2), at(11, 1.1)];
    const paper = [at(6, 1), at(11, 0.9)];
    const c = compareChart(paper, backtest, box);
    expect(c.equity).toEqual({ lo: 0.9, hi: 1.2 });
    expect(c.time).toEqual({ from: Date.UTC(2026, 2, 1), to: Date.UTC(2026, 2, 11) });
    // x: 10 + (day-1)/10 * 100; y: 5 + 50 - (v-0.9)/0.3 * 50.
    expect(c.backtest).toBe('10.0,38.3 60.0,5.0 110.0,21.7');
    expect(c.paper).toBe('60.0,38.3 110.0,55.0');
    expect(c.paperBand).toEqual({ x0: 60, x1: 110 });
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
