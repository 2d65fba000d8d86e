import type { Catalog, GraphDocument } from '@coinlab/shared';
import type { LlmService } from '../llm';
import type { LlmEstimate } from './types';

/** Rough sizes of an agent turn, from the agent node's prompts and typical tool results. */
const SYSTEM_AND_TOOLS_TOKENS = 1400;
const OBSERVATION_TOKENS = 350;
const OUTPUT_TOKENS_PER_TURN = 180;
const TYPICAL_TURNS = 7;

/**
 * Tokens and cost the planned run's LLM nodes would spend: a typical run, and the worst
 * case where every allowed turn is used (the prompt grows by one observation per turn).
 */
export function estimateLlm(doc: GraphDocument, llm: Pick<LlmService, 'available' | 'estimateCostUsd' | 'describe'>, model: string | null, catalog: Catalog): LlmEstimate {
  // LLM nodes are those the catalog files under the agent category.
  const agents = doc.nodes.filter((n) => catalog.get(n.type)?.ui.category === 'agent');
  let typical = 0;
  let max = 0;
  let typicalIn = 0;
  let maxIn = 0;
  for (const a of agents) {
    const turns = typeof a.params.maxIterations === 'number' ? a.params.maxIterations : 12;
    const task = typeof a.params.task === 'string' ? Math.ceil(a.params.task.length / 4) : 60;
    const cost = (n: number) => {
      let input = 0;
      for (let i = 0; i < n; i++) input += SYSTEM_AND_TOOLS_TOKENS + task + i * (OBSERVATION_TOKENS + OUTPUT_TOKENS_PER_TURN);
      return { input, output: n * OUTPUT_TOKENS_PER_TURN };
    };
    const t = cost(Math.min(turns, TYPICAL_TURNS));
    const m = cost(turns);
    typical += t.input + t.output;
    max += m.input + m.output;
    typicalIn += t.input;
    maxIn += m.input;
  }
  const note = agents.length === 0
    ? 'the plan has no LLM nodes: the run spends no tokens'
    : llm.available
      ? `${agents.length} agent node(s) on ${llm.describe()}`
      : `${agents.length} agent node(s), but no LLM is configured: they will run their offline script and spend nothing (${llm.describe()})`;
  return {
    llmNodes: agents.map((a) => a.id),
    tokens: { typical, max },
    costUsd: { typical: llm.estimateCostUsd(typicalIn, typical - typicalIn), max: llm.estimateCostUsd(maxIn, max - maxIn) },
    model: llm.available ? model : null,
    available: llm.available,
    note,
  };
}
