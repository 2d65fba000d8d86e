import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '@coinlab/shared';
import { loadLlmConfig } from '../../runtime/src/llm';
import type { RunLlmUsage } from '../../runtime/src/llm/runtime-llm';
import { testDatabases } from '../support/db';
import { startOpenAiTestServer, type OpenAiTestServer } from '../support/openai-server';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { isFinal, watchRun } from '../support/socket';
import { LAB_FILES, startRun } from '../support/lab';

// Issue 8: a provider's negative token counts were stored as is; GET /runs/:id/llm-usage
// then answered 500 for ever, and the run's budget was credited.

const agentGraph = {
  version: 2,
  name: 'agent with a lying provider',
  nodes: [{ id: 'agent', type: 'agent.react', typeVersion: 1, params: { task: 'How much ETH_BTC data is there?', maxIterations: 3 } }],
  edges: [],
};

describe.each(testDatabases())('implausible LLM usage over HTTP ($name database)', (target) => {
  let llm: OpenAiTestServer;
  let s: TestServer;
  beforeAll(async () => {
    llm = await startOpenAiTestServer({ model: 'gpt-4o-mini' });
    const llmConfig = loadLlmConfig({ OPENAI_BASE_URL: llm.baseUrl, OPENAI_MODEL: 'gpt-4o-mini', LLM_RETRY_BASE_DELAY_MS: '20', LLM_TIMEOUT_MS: '1500', LLM_MAX_RETRIES: '1' });
    s = await startTestServer(target, { llmConfig });
    await importMarketData(s, LAB_FILES());
  });
  afterAll(async () => {
    await s?.close();
    await llm?.close();
  });

  it('stores corrected, flagged usage; the usage endpoint answers 200 and no total goes negative', async () => {
    llm.enqueue(
      { text: 'Let me look.', toolCalls: [{ name: 'list_coins', arguments: {} }], usage: { prompt_tokens: -1_000_000, completion_tokens: -5 } },
      { text: 'ETH_BTC has 5760 bars.', usage: { prompt_tokens: 40_000_000_000, completion_tokens: 12 } },
    );
    const runId = await startRun(s, { document: agentGraph });
    const w = await watchRun(s.url, runId, 0);
    await w.until(isFinal, 60_000);
    w.close();
    const res = await s.api(`/runs/${runId}/llm-usage`);
    expect(res.status).toBe(200);
    const { usage } = (await res.json()) as { usage: RunLlmUsage };
    expect(usage.calls).toHaveLength(2);
    for (const c of usage.calls) {
      expect(c.inputTokens).toBeGreaterThan(0);
      expect(c.inputTokens).toBeLessThan(1_000_000);
      expect(c.outputTokens).toBeGreaterThanOrEqual(0);
      expect(c.usageEstimated).toBe(true);
    }
    expect(usage.total.totalTokens).toBeGreaterThan(0);
    expect(usage.total.costUsd).toBeGreaterThanOrEqual(0);
    const warnings = w.events.filter((e): e is Extract<RunEvent, { kind: 'node.log' }> => e.kind === 'node.log' && e.level === 'warn' && e.message.startsWith('LLM usage corrected'));
    expect(warnings.length).toBeGreaterThanOrEqual(3);
    expect(llm.pendingReplies).toBe(0);
  });
});
