import { describe, expect, it } from 'vitest';
import { alertKindLabel } from './alert-kinds';

describe('alertKindLabel', () => {
  it('reads every kind the server raises, and any other kind by its words', () => {
    expect(alertKindLabel('performance_degraded')).toBe('Paper performance degraded');
    expect(alertKindLabel('budget_exhausted')).toBe('LLM budget exhausted');
    expect(alertKindLabel('graduation_ready')).toBe('Ready to graduate');
    expect(alertKindLabel('run_failed')).toBe('Run failed');
    expect(alertKindLabel('disk_full')).toBe('Disk full');
  });
});
