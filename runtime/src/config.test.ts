import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from './config';
import { defaultMaxRuns } from './runs/run-admission';

describe('COINLAB_MAX_RUNS', () => {
  it('defaults to two runs per core, at least 4', () => {
    expect(loadConfig({}).maxRuns).toBe(defaultMaxRuns());
    expect(defaultMaxRuns()).toBeGreaterThanOrEqual(4);
  });

  it('reads a positive integer and names the variable when it is not one', () => {
    expect(loadConfig({ COINLAB_MAX_RUNS: '12' }).maxRuns).toBe(12);
    expect(() => loadConfig({ COINLAB_MAX_RUNS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ COINLAB_MAX_RUNS: 'many' })).toThrow(/COINLAB_MAX_RUNS/);
  });
});
