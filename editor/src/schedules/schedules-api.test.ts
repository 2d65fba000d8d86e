import { describe, expect, it } from 'vitest';
import { formatFireTime } from './schedules-api';

describe('formatFireTime', () => {
  it('shows a fire time in the schedule\'s zone, with the zone, seconds only when not zero', () => {
    expect(formatFireTime('2026-03-08T13:00:00.000Z', 'America/New_York')).toBe('2026-03-08 09:00 America/New_York');
    expect(formatFireTime('2026-03-07T14:00:00.000Z', 'America/New_York')).toBe('2026-03-07 09:00 America/New_York');
    expect(formatFireTime('2026-12-31T23:30:05.000Z', 'Asia/Tokyo')).toBe('2027-01-01 08:30:05 Asia/Tokyo');
  });
});
