import { describe, expect, it } from 'vitest';
import { formatStatus } from './status';

const base = {
  triggers: [],
  runs: { running: 1, queued: 0, awaiting: 0 },
  experiments: [],
  paper: { active: 0, paused: 0 },
  openAlerts: 0,
  llm: { requestsToday: 0, dailyRequestLimit: 100, today: { day: '2026-12-06', calls: 0, totalTokens: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 } },
};
const schedule = { id: 's1', name: 'hourly', cron: '0 * * * *', timezone: 'UTC', paused: false, nextFireAt: '2026-12-06T02:00:00.000Z' };

describe('coinlab status: a schedule whose overlap policy is "queue"', () => {
  it('says that one fire waits for the previous run, and which fire time it stands for', () => {
    const text = formatStatus({ ...base, schedules: [{ ...schedule, queuedFireAt: '2026-12-06T01:00:00.000Z' }] });
    expect(text).toContain('  s1  hourly  0 * * * * (UTC)  next 2026-12-06T02:00:00.000Z  1 fire waiting (2026-12-06T01:00:00.000Z) for the previous run');
  });

  it('says nothing of a waiting fire when none waits', () => {
    const text = formatStatus({ ...base, schedules: [{ ...schedule, queuedFireAt: null }] });
    expect(text).toContain('  s1  hourly  0 * * * * (UTC)  next 2026-12-06T02:00:00.000Z\n');
    expect(text).not.toContain('fire waiting');
  });
});
