import { describe, expect, it } from 'vitest';
import { formatDuration, formatHistory, formatStart, type HistoryEntry } from './history-format';

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  id: 'r1', status: 'succeeded', trigger: 'cli', triggerKind: 'cli', graphId: null, graphVersion: null, graphName: null,
  createdAt: '2026-12-05T11:00:00.000Z', startedAt: '2026-12-05T11:00:01.250Z', finishedAt: '2026-12-05T11:00:03.000Z', durationMs: 1750, error: null,
  ...over,
});

describe('history lines', () => {
  it('formats durations from milliseconds to hours, and none as "-"', () => {
    expect([null, 340, 1750, 59_999, 65_000, 3_599_000, 7_380_000].map(formatDuration)).toEqual(['-', '340 ms', '1.7 s', '59.9 s', '1 min 05 s', '59 min 59 s', '2 h 03 min']);
  });

  it('shows the start in UTC, or when the run was accepted if it never started', () => {
    expect(formatStart(entry({}))).toBe('2026-12-05 11:00:01Z');
    expect(formatStart(entry({ startedAt: null }))).toBe('2026-12-05 11:00:00Z');
  });

  it('aligns the columns over the listing', () => {
    const text = formatHistory([entry({ id: 'a', trigger: 'schedule:nightly at 2026-12-05T11:00:00.000Z', graphName: 'eth' }), entry({ id: 'b', status: 'failed', durationMs: null })]);
    expect(text).toBe(
      'a  succeeded  schedule:nightly at 2026-12-05T11:00:00.000Z  eth  2026-12-05 11:00:01Z  1.7 s\n' +
        'b  failed     cli                                           -    2026-12-05 11:00:01Z  -\n',
    );
    expect(formatHistory([])).toBe('no runs\n');
  });
});
