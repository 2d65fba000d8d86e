import { z } from 'zod';
import { coinList } from '../lib/params';
import { defineNode } from '../define';
import { port } from '../port';
import { summarizeValue } from '../lib/describe-value';
import { describeAgentStep, type AgentStep, type LlmAgentResult } from '../services';

const TOOL_NAMES = ['list_coins', 'fetch_data', 'compute_indicator', 'compute_custom_feature', 'build_dataset', 'train_model', 'evaluate_model', 'compare_models'] as const;

const SYSTEM = [
  'You are a quantitative research assistant working on 5-minute crypto candles.',
  'Use the tools to look at real data before you conclude; never invent numbers.',
  'Tools return handles (data1, dataset2, model3): pass them to the next tool.',
  'Think step by step, call one or a few tools per turn, and finish with a concise answer that states the evidence (metrics, coins, periods) and a recommendation.',
].join(' ');

/**
 * An LLM agent with the node library as its tools: a bounded ReAct loop whose every
 * thought, tool call and observation streams as node logs and is kept as the transcript
 * (an output and a JSON artifact) with its token usage. Without an LLM it either runs a
 * deterministic research script over the same tools (`offline: fallback`) or fails with a
 * message saying that it needs one.
 */
export default defineNode({
  type: 'agent.react',
  version: 1,
  ui: {
    title: 'Research agent',
    category: 'agent',
    description: 'An LLM agent (ReAct loop with tool calling) whose tools are the node library: list coins, fetch data, compute indicators or a custom feature in sandboxed JavaScript, build features, train, evaluate, compare. Bounded iterations; the transcript and token usage are stored.',
    params: {
      task: { widget: 'textarea', help: 'What the agent should find out.' },
      instructions: { widget: 'textarea', advanced: true, help: 'Extra instructions added to the system prompt.' },
      coins: { widget: 'coins', help: 'Coins the offline fallback studies (the LLM may choose others).' },
      offline: { help: 'Without an LLM: "fallback" runs a fixed research script over the same tools; "fail" stops with a message.' },
      maxIterations: { help: 'Model turns allowed before the agent must stop.' },
    },
  },
  params: z.object({
    task: z.string().min(1).max(4000).default('Which coin shows the most predictable 1% rise within an hour? Compare logistic regression and a random forest and recommend one.'),
    instructions: z.string().max(4000).default(''),
    tools: z.array(z.enum(TOOL_NAMES)).min(1).default([...TOOL_NAMES]),
    maxIterations: z.number().int().min(1).max(50).default(12),
    maxTokensPerTurn: z.number().int().min(64).max(32_000).optional(),
    offline: z.enum(['fallback', 'fail']).default('fallback'),
    coins: coinList.default(['ETH_BTC']),
    lastBars: z.number().int().min(500).max(50_000).default(3000),
    horizon: z.number().int().min(1).max(2000).default(12),
    risePct: z.number().gt(0).max(100).default(1),
  }),
  inputs: { context: port.many(port.any, 'Context') },
  outputs: { answer: port.text, transcript: port.json },
  cache: 'never',
  timeoutMs: 30 * 60_000,
  async execute({ params, inputs, services, signal, log }) {
    const [{ agentTools }, { Workspace }] = await Promise.all([import('./tools'), import('./workspace')]);
    const tools = agentTools({ services, signal, workspace: new Workspace() }, params.tools);
    const system = params.instructions ? `${SYSTEM}\n\n${params.instructions}` : SYSTEM;
    const context = inputs.context.length ? `\n\nContext from upstream nodes:\n${inputs.context.map((c, i) => `${i + 1}. ${describeContext(c)}`).join('\n')}` : '';
    const task = params.task + context;
    const steps: AgentStep[] = [];
    let result: LlmAgentResult;
    let mode: 'llm' | 'offline-fallback';
    if (services.llm.available) {
      mode = 'llm';
      log('info', `agent on ${services.llm.describe()}; ${tools.length} tools, at most ${params.maxIterations} turns`);
      result = await services.llm.runAgent({
        system,
        task,
        tools,
        maxIterations: params.maxIterations,
        signal,
        ...(params.maxTokensPerTurn ? { maxTokens: params.maxTokensPerTurn } : {}),
        onStep: (s) => void steps.push(s),
      });
    } else {
      if (params.offline === 'fail') throw new Error(`This agent needs an LLM: ${services.llm.describe()}. Set offline to "fallback" to run the deterministic research script instead.`);
      mode = 'offline-fallback';
      log('warn', `${services.llm.describe()}; running the deterministic research script instead (offline: fallback)`);
      const { runFallback } = await import('./fallback');
      result = await runFallback(tools, { coins: params.coins, lastBars: params.lastBars, horizon: params.horizon, risePct: params.risePct }, {
        system,
        task,
        signal,
        onStep: (s) => {
          steps.push(s);
          const line = describeAgentStep(s);
          log(line.level, line.message, { agentStep: s });
        },
      });
    }
    const transcript = { mode, status: result.status, iterations: result.iterations, stopMessage: result.stopMessage, usage: result.usage, messages: result.transcript, steps };
    const artifact = await services.artifacts.save({
      kind: 'file',
      name: 'agent-transcript.json',
      contentType: 'application/json',
      content: JSON.stringify(transcript, null, 2),
      metadata: { mode, status: result.status, iterations: result.iterations, usage: result.usage },
    });
    log('info', `${result.status} after ${result.iterations} turn(s); ${result.usage.totalTokens} tokens, $${result.usage.costUsd.toFixed(4)}; transcript artifact ${artifact.id}`);
    if (result.status !== 'completed') {
      // The transcript is stored; the node still fails so the branch does not run on a non-answer.
      throw new Error(`the agent stopped without an answer (${result.status}): ${result.stopMessage ?? ''} The transcript is saved as artifact ${artifact.id}.`);
    }
    return { answer: result.answer ?? '', transcript: { ...transcript, artifactId: artifact.id } };
  },
});

function describeContext(value: unknown): string {
  if (typeof value === 'string') return value.slice(0, 2000);
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind === 'comparison' || kind === 'metrics') {
    const { charts: _c, curves: _cu, ...rest } = value as Record<string, unknown>;
    return JSON.stringify(rest).slice(0, 3000);
  }
  return summarizeValue(value);
}
