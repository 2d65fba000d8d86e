import { describe, expect, it } from 'vitest';
import { clientLimitsFromEnv, DEFAULT_CLIENT_LIMITS } from './settings';

describe('the per-user run limit setting', () => {
  it('reads COINLAB_MAX_RUNS_PER_USER, still reads the older COINLAB_MAX_RUNS_PER_CLIENT, and prefers the new name', () => {
    expect(clientLimitsFromEnv({}).maxRunsPerUser).toBe(DEFAULT_CLIENT_LIMITS.maxRunsPerUser);
    expect(clientLimitsFromEnv({ COINLAB_MAX_RUNS_PER_USER: '4' }).maxRunsPerUser).toBe(4);
    expect(clientLimitsFromEnv({ COINLAB_MAX_RUNS_PER_CLIENT: '6' }).maxRunsPerUser).toBe(6);
    expect(clientLimitsFromEnv({ COINLAB_MAX_RUNS_PER_USER: '3', COINLAB_MAX_RUNS_PER_CLIENT: '6' }).maxRunsPerUser).toBe(3);
  });

  it('names the variable when its value is bad', () => {
    expect(() => clientLimitsFromEnv({ COINLAB_MAX_RUNS_PER_USER: 'many' })).toThrow(/COINLAB_MAX_RUNS_PER_USER/);
  });
});
