import { z } from 'zod';
import { validateGraph, formatProblem, GRAPH_FORMAT_VERSION, type Catalog, type GraphDocument } from '@coinlab/shared';
import type { LlmService as NodeLlmService, LlmUsage } from '@coinlab/nodes';
import { catalogForPrompt, compactGraph } from './catalog-prompt';
import { layoutGraph } from './layout';
import type { GoalIntent } from './types';

/** What the model fills in: a graph in a compact form (edges as "node.port"), no layout. */
export const llmGraphSchema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  nodes: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9_.:-]+$/).max(100).describe('unique id, e.g. train_lr'),
        type: z.string().describe('a node type from the catalog'),
        label: z.string().max(200).optional(),
        params: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .min(1)
    .max(60),
  edges: z.array(z.object({ from: z.string().describe('sourceNode.outputPort'), to: z.string().describe('targetNode.inputPort') })).max(200),
});
export type LlmGraph = z.infer<typeof llmGraphSchema>;

const SYSTEM = [
  'You design coinlab graphs: data pipelines for trading-signal research on 5-minute crypto candles.',
  'Use only node types from the catalog, connect outputs to inputs of a compatible port type,',
  'give every required input exactly one edge (inputs marked [] take many), and set params only where the goal needs other values than the defaults.',
  'Keep a human approval gate (approval.*) before any step that acts on a chosen model.',
].join(' ');

function toDocument(g: LlmGraph, catalog: Catalog): GraphDocument {
  const split = (ref: string) => {
    const i = ref.lastIndexOf('.');
    return i > 0 ? { node: ref.slice(0, i), port: ref.slice(i + 1) } : { node: ref, port: '' };
  };
  return {
    version: GRAPH_FORMAT_VERSION,
    name: g.name,
    description: g.description,
    nodes: g.nodes.map((n) => ({ id: n.id, type: n.type, typeVersion: catalog.get(n.type)?.version ?? 1, params: n.params, position: { x: 0, y: 0 }, ...(n.label ? { label: n.label } : {}) })),
    edges: g.edges.map((e) => ({ source: split(e.from), target: split(e.to) })),
    metadata: {},
  };
}

export interface LlmPlanResult {
  document: GraphDocument | null;
  usage: LlmUsage;
  /** What happened in each round, for the notes. */
  rounds: string[];
}

/**
 * Plans with the LLM: structured output against the compact graph schema, given the node
 * catalog and the offline plan for this goal as a worked example. The result is validated
 * like any graph; the problems go back to the model for repair, for at most `maxRounds`
 * rounds. Returns null when no valid graph came out (the caller falls back to the rules).
 */
export async function planWithLlm(opts: {
  goal: string;
  intent: GoalIntent;
  example: GraphDocument;
  catalog: Catalog;
  llm: NodeLlmService;
  /** The ready graphs (name: description), so the model knows what exists. */
  templates?: { name: string; description: string }[];
  signal?: AbortSignal;
  maxRounds?: number;
}): Promise<LlmPlanResult> {
  const usage: LlmUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: 0, calls: 0, estimated: false };
  const add = (u: LlmUsage) => {
    usage.inputTokens += u.inputTokens;
    usage.outputTokens += u.outputTokens;
    usage.totalTokens += u.totalTokens;
    usage.costUsd += u.costUsd;
    usage.calls += u.calls;
    usage.estimated ||= u.estimated;
  };
  const rounds: string[] = [];
  const base = [
    `Goal: ${opts.goal}`,
    `Understood so far (from rules): ${JSON.stringify(opts.intent)}`,
    `Node catalog:\n${catalogForPrompt(opts.catalog)}`,
    ...(opts.templates?.length ? [`Ready templates (for ideas):\n${opts.templates.map((t) => `- ${t.name}: ${t.description}`).join('\n')}`] : []),
    `A valid graph for a goal like this one (adapt it, do not copy blindly):\n${JSON.stringify(compactGraph(opts.example))}`,
    'Submit the complete graph for the goal.',
  ].join('\n\n');
  let feedback = '';
  const maxRounds = opts.maxRounds ?? 3;
  for (let round = 1; round <= maxRounds; round++) {
    let graph: LlmGraph;
    try {
      const r = await opts.llm.structured({
        system: SYSTEM,
        prompt: feedback ? `${base}\n\n${feedback}` : base,
        schema: llmGraphSchema,
        name: 'submit_graph',
        description: 'Submit the planned graph.',
        maxRepairs: 1,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      add(r.usage);
      graph = r.value;
    } catch (err) {
      rounds.push(`round ${round}: ${err instanceof Error ? err.message : String(err)}`);
      // Budget, limits, configuration and cancellation do not get better with another round.
      if (err instanceof Error && /budget|limit|not configured|cancel|abort/i.test(`${err.name} ${err.message}`)) break;
      continue;
    }
    const doc = toDocument(graph, opts.catalog);
    const checked = validateGraph(doc, opts.catalog);
    if (checked.ok) {
      rounds.push(`round ${round}: valid graph with ${checked.graph.nodes.length} nodes`);
      return { document: layoutGraph(checked.graph), usage, rounds };
    }
    const problems = checked.problems.slice(0, 30).map(formatProblem);
    rounds.push(`round ${round}: ${checked.problems.length} problem(s), e.g. ${problems[0] ?? ''}`);
    feedback = `Your previous graph was invalid:\n${problems.map((p) => `- ${p}`).join('\n')}\nFix every problem and submit the whole graph again.\nPrevious graph: ${JSON.stringify(graph).slice(0, 12_000)}`;
  }
  return { document: null, usage, rounds };
}
