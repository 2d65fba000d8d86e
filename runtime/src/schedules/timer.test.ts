import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScheduleTimer } from './timer';

// The embedded timer with fake timers: it sleeps until the earliest fire time, never ticks
// twice at once, and backs off after a failed tick instead of spinning on a due schedule.

describe('ScheduleTimer', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-03-02T10:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('wakes at the earliest next fire time, then re-reads it', async () => {
    let next: Date | null = new Date('2026-03-02T10:00:05Z');
    const fires: number[] = [];
    const timer = new ScheduleTimer({
      earliest: async () => next,
      fireDue: async () => {
        fires.push(Date.now());
        next = new Date(Date.now() + 10_000);
      },
      now: () => new Date(),
      log: () => {},
    });
    timer.rearm();
    await vi.advanceTimersByTimeAsync(4_900);
    expect(fires).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(fires).toEqual([Date.parse('2026-03-02T10:00:05Z')]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fires).toHaveLength(2);
    await timer.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fires).toHaveLength(2);
  });

  it('after a failed tick waits a second before trying a still-due schedule again', async () => {
    let calls = 0;
    const timer = new ScheduleTimer({
      earliest: async () => new Date('2026-03-02T09:00:00Z'), // due, and stays due
      fireDue: async () => {
        calls += 1;
        throw new Error('database down');
      },
      now: () => new Date(),
      log: () => {},
    });
    timer.rearm();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBeLessThanOrEqual(5);
    await timer.stop();
  });
});
