import { describe, expect, it } from 'vitest';
import { LlmBudgetExceededError, LlmDailyLimitError } from './errors';
import { UsageLedger, type LlmCallRecord } from './ledger';
import { admitRequest, reserveTokens } from './limits';

const record = (over: Partial<LlmCallRecord>): LlmCallRecord => ({
  id: Math.random().toString(36),
  at: '2025-03-01T10:00:00.000Z',
  runId: 'r1',
  nodeId: 'n1',
  purpose: 'complete',
  model: 'm',
  inputTokens: 10,
  outputTokens: 5,
  costUsd: 0.001,
  latencyMs: 20,
  ok: true,
  error: null,
  attempts: 1,
  usageEstimated: false,
  ...over,
});

describe('UsageLedger', () => {
  it('sums per node and per run and persists each call through onCall', async () => {
    const stored: LlmCallRecord[] = [];
    const ledger = new UsageLedger({ onCall: (r) => void stored.push(r) });
    await ledger.record(record({ nodeId: 'a' }));
    await ledger.record(record({ nodeId: 'b', inputTokens: 100, outputTokens: 50, costUsd: 0.01, attempts: 3 }));
    await ledger.record(record({ nodeId: 'b', ok: false, error: 'boom', inputTokens: 0, outputTokens: 0, costUsd: 0, attempts: 2 }));
    await ledger.record(record({ runId: 'r2' }));
    expect(stored).toHaveLength(4);
    expect(ledger.forRun('r1')).toEqual({
      inputTokens: 110,
      outputTokens: 55,
      totalTokens: 165,
      costUsd: 0.011,
      calls: 3,
      failedCalls: 1,
      requests: 6,
    });
    expect(ledger.forNode('r1', 'b')).toMatchObject({ totalTokens: 150, calls: 2, failedCalls: 1 });
    expect(ledger.records('r2')).toHaveLength(1);
    ledger.forgetRun('r1');
    expect(ledger.forRun('r1').calls).toBe(0);
    expect(ledger.records()).toHaveLength(1);
  });

  it('keeps working when persistence fails, reporting the failure', async () => {
    const failures: unknown[] = [];
    const ledger = new UsageLedger({
      onCall: () => Promise.reject(new Error('db down')),
      onError: (e) => void failures.push(e),
    });
    await ledger.record(record({}));
    expect(ledger.forRun('r1').calls).toBe(1);
    expect(String(failures[0])).toContain('db down');
  });

  it('restores stored calls after a restart, daily requests included', () => {
    const ledger = new UsageLedger({ now: () => new Date('2025-03-01T23:00:00Z') });
    ledger.restore([record({ attempts: 2 }), record({ attempts: 1, at: '2025-02-28T10:00:00.000Z' })]);
    expect(ledger.forRun('r1').totalTokens).toBe(30);
    expect(ledger.requestsOn()).toBe(2);
    expect(ledger.requestsOn('2025-02-28')).toBe(1);
  });

  it('counts requests per UTC day, so the limit resets at midnight UTC', () => {
    let now = new Date('2025-03-01T23:59:00Z');
    const ledger = new UsageLedger({ now: () => now });
    const limits = { runTokenBudget: null, dailyRequestLimit: 2 };
    admitRequest(ledger, limits);
    admitRequest(ledger, limits);
    expect(() => admitRequest(ledger, limits)).toThrow(LlmDailyLimitError);
    expect(() => admitRequest(ledger, limits)).toThrow(
      'Daily LLM request limit reached: 2 of 2 requests already made on 2025-03-01 (UTC) (LLM_DAILY_REQUEST_LIMIT). The request was not sent.',
    );
    now = new Date('2025-03-02T00:00:01Z');
    expect(() => admitRequest(ledger, limits)).not.toThrow();
  });

  it('reserves in-flight worst cases so concurrent calls of a run cannot overrun its budget together', async () => {
    const ledger = new UsageLedger();
    const limits = { runTokenBudget: 1000, dailyRequestLimit: null };
    const scope = { runId: 'r1', nodeId: 'n' };
    const first = reserveTokens(ledger, limits, scope, 300, 200);
    const second = reserveTokens(ledger, limits, scope, 300, 200);
    expect(() => reserveTokens(ledger, limits, scope, 1, 0)).toThrow(LlmBudgetExceededError);
    // Other runs have their own budget.
    expect(() => reserveTokens(ledger, limits, { runId: 'r2', nodeId: 'n' }, 300, 200).release()).not.toThrow();
    await ledger.record(record({ inputTokens: 250, outputTokens: 50 }));
    first.release();
    first.release(); // idempotent
    expect(ledger.reservedTokens('r1')).toBe(500);
    expect(() => reserveTokens(ledger, limits, scope, 100, 100)).not.toThrow();
    second.release();
  });
});
