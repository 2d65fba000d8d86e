import type { AgentStep, AgentTool, LlmAgentResult, TranscriptMessage } from '../services';

/**
 * The agent's deterministic fallback when no LLM is configured: the same tools, called in
 * a fixed, sensible order (list coins, fetch the most recent data of the chosen coins,
 * build the standard dataset, train logistic regression and a random forest, compare),
 * recorded as the same kind of transcript so the audit trail reads the same.
 */
export interface FallbackPlan {
  coins: string[];
  lastBars: number;
  horizon: number;
  risePct: number;
}

const noUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, calls: 0, estimated: false };

export async function runFallback(
  tools: AgentTool[],
  plan: FallbackPlan,
  ctx: { system: string; task: string; signal: AbortSignal; onStep: (step: AgentStep) => void },
): Promise<LlmAgentResult> {
  const byName = new Map(tools.map((t) => [t.name, t]));
  const transcript: TranscriptMessage[] = [
    { role: 'system', content: ctx.system },
    { role: 'user', content: ctx.task },
  ];
  let iteration = 0;
  let callNo = 0;
  const call = async (name: string, args: Record<string, unknown>, thought: string): Promise<unknown> => {
    const tool = byName.get(name);
    if (!tool) throw new Error(`the offline fallback needs the tool "${name}", which this agent node does not enable`);
    iteration++;
    const id = `offline_${++callNo}`;
    ctx.onStep({ kind: 'thought', iteration, text: thought, usage: noUsage });
    ctx.onStep({ kind: 'tool_call', iteration, toolCallId: id, name, args });
    transcript.push({ role: 'assistant', content: thought, toolCalls: [{ id, name, args }], usage: noUsage });
    ctx.signal.throwIfAborted();
    const parsed = tool.schema.parse(args);
    const result = await tool.invoke(parsed, { signal: ctx.signal });
    const content = JSON.stringify(result);
    transcript.push({ role: 'tool', toolCallId: id, name, content, isError: false });
    ctx.onStep({ kind: 'observation', iteration, toolCallId: id, name, content, isError: false, truncated: false });
    return result;
  };

  const coins = (await call('list_coins', {}, 'No LLM is configured: following the fixed research script. First, which coins are there?')) as { coin: string; rows: number }[];
  const known = new Set(coins.map((c) => c.coin));
  const wanted = plan.coins.filter((c) => known.has(c));
  const chosen = wanted.length ? wanted : coins.slice().sort((a, b) => b.rows - a.rows).slice(0, 1).map((c) => c.coin);
  if (chosen.length === 0) throw new Error('there is no market data: import candles first (coinlab import FILE --coin SYMBOL)');
  const data = (await call('fetch_data', { coins: chosen, lastBars: plan.lastBars }, `Load the last ${plan.lastBars} bars of ${chosen.join(', ')}.`)) as { handle: string };
  const dataset = (await call('build_dataset', { data: data.handle, target: 'rise_within', horizon: plan.horizon, risePct: plan.risePct }, `Build the standard features and the target "rise of ${plan.risePct}% within ${plan.horizon} bars".`)) as { handle: string };
  const lr = (await call('train_model', { dataset: dataset.handle, algorithm: 'logistic_regression' }, 'Train logistic regression as the baseline.')) as { handle: string };
  const rf = (await call('train_model', { dataset: dataset.handle, algorithm: 'random_forest' }, 'Train a random forest to compare against the baseline.')) as { handle: string };
  const cmp = (await call('compare_models', { models: [lr.handle, rf.handle], metric: 'auc' }, 'Compare both models by ROC-AUC on the test rows.')) as { best: string; reason: string; rows: Record<string, unknown>[] };
  iteration++;
  const answer =
    `Offline analysis (no LLM configured, deterministic script) of ${chosen.join(', ')}, target: a rise of ${plan.risePct}% within ${plan.horizon} bars. ` +
    `Recommended model: ${cmp.best}. ${cmp.reason}\n\n` +
    cmp.rows.map((r) => `- ${JSON.stringify(r)}`).join('\n');
  transcript.push({ role: 'assistant', content: answer, toolCalls: [], usage: noUsage });
  ctx.onStep({ kind: 'final', iteration, text: answer });
  return { status: 'completed', answer, stopMessage: null, iterations: iteration, transcript, usage: noUsage };
}
