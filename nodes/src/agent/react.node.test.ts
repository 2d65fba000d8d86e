import { describe, expect, it } from 'vitest';
import { executeNode } from '../lib/execute-node';
import { createMemoryServices } from '../offline/memory-services';
import { marketFiles, readMarketFile } from '../testing/market-files';
import agent from './react.node.ts';

describe('agent.react without an LLM', () => {
  const services = () => createMemoryServices({ candles: marketFiles().filter((f) => /ETH_BTC|LTC_BTC/.test(f)).map(readMarketFile) });

  it('runs the deterministic research script over the library tools and stores the transcript', async () => {
    const s = services();
    const { outputs, logs } = await executeNode(agent, { params: { coins: ['ETH_BTC'], lastBars: 2000 }, inputs: { context: [] }, services: s });
    expect(outputs.answer).toMatch(/Recommended model: (logistic_regression|random_forest)/);
    const t = outputs.transcript as { mode: string; status: string; steps: { kind: string; name?: string }[]; artifactId: string };
    expect(t.mode).toBe('offline-fallback');
    expect(t.status).toBe('completed');
    expect(t.steps.filter((x) => x.kind === 'tool_call').map((x) => x.name)).toEqual(['list_coins', 'fetch_data', 'build_dataset', 'train_model', 'train_model', 'compare_models']);
    expect(t.steps.filter((x) => x.kind === 'observation')).toHaveLength(6);
    expect(s.savedArtifacts.get(t.artifactId)?.ref.name).toBe('agent-transcript.json');
    expect(logs.some((l) => l.message.startsWith('tool call fetch_data'))).toBe(true);
  });

  it('says clearly that it needs an LLM when the fallback is off', async () => {
    await expect(executeNode(agent, { params: { offline: 'fail' }, inputs: { context: [] }, services: services() })).rejects.toThrow(/needs an LLM/);
  });
});
