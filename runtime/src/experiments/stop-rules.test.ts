import { describe, expect, it } from 'vitest';
import { converged, nextUtcDay, runningBest, utcDayStart } from './stop-rules';
import { holdoutWindow, searchWindows } from './windows';

describe('stop rules', () => {
  it('converges when the best improved on average by less than the threshold over the last 3 iterations', () => {
    expect(converged(runningBest([1, 2, 2.01, 2.02]), 0.05)).toBe(false); // (1 + 0.01 + 0.01) / 3 = 0.34
    expect(converged(runningBest([1, 2, 2.01, 2.02, 2.03]), 0.05)).toBe(true);
    expect(converged(runningBest([1, 1.01, 1.02]), 0.05)).toBe(false); // not 3 improvements yet
    expect(converged(runningBest([1, 2, 1.5, 0.2, 2.0]), 0.05)).toBe(true); // worse iterations keep the best
    expect(converged(runningBest([null, null, null, null]), 0.05)).toBe(false); // nothing succeeded: not converged
    expect(converged(runningBest([1, 1, 1, 1, 1]), 0)).toBe(false); // threshold 0: never
  });

  it('counts days in UTC', () => {
    expect(utcDayStart(new Date('2026-03-03T23:59:59Z')).toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(nextUtcDay(new Date('2026-03-03T00:00:00Z')).toISOString()).toBe('2026-03-04T00:00:00.000Z');
  });
});

describe('walk-forward windows', () => {
  it('cuts the search period into consecutive whole-day windows that end before the holdout', () => {
    const e = { dataNode: 'load', from: '2026-01-01', holdoutFrom: '2026-01-31', to: '2026-02-20', folds: 3 };
    expect(searchWindows(e)).toEqual([
      { from: '2026-01-01', to: '2026-01-10' },
      { from: '2026-01-11', to: '2026-01-20' },
      { from: '2026-01-21', to: '2026-01-30' },
    ]);
    expect(holdoutWindow(e)).toEqual({ from: '2026-01-31', to: '2026-02-20' });
    expect(searchWindows({ ...e, holdoutFrom: '2026-01-03', folds: 5 })).toEqual([
      { from: '2026-01-01', to: '2026-01-01' },
      { from: '2026-01-02', to: '2026-01-02' },
    ]);
  });
});
