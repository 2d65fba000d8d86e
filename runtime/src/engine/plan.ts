import { validateGraph, type Catalog, type GraphDocument, type GraphNode, type GraphProblem, type PortRef } from '@coinlab/shared';
import type { AnyNodeDefinition } from '@coinlab/nodes';

export interface PlannedNode {
  node: GraphNode;
  def: AnyNodeDefinition;
  /** For each input port, its sources in edge order. */
  inputs: Record<string, PortRef[]>;
  /** Ids of nodes that consume this node's outputs. */
  dependents: string[];
  /** Number of distinct upstream nodes: the node is ready when all of them are done. */
  blockers: number;
}

export interface ExecutionPlan {
  graph: GraphDocument;
  nodes: Map<string, PlannedNode>;
  /** A topological order (only used for stable tie-breaking in the ready queue). */
  order: string[];
}

export class GraphInvalidError extends Error {
  constructor(readonly problems: GraphProblem[]) {
    super(`the graph is invalid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'GraphInvalidError';
  }
}

/**
 * Validates (and migrates) a document, resolves every edge to its ports and builds the
 * dependency map the scheduler needs. Throws GraphInvalidError listing every problem.
 */
export function planGraph(raw: unknown, catalog: Catalog, registry: ReadonlyMap<string, AnyNodeDefinition>): ExecutionPlan {
  const result = validateGraph(raw, catalog);
  if (!result.ok) throw new GraphInvalidError(result.problems);
  const graph = result.graph;
  const nodes = new Map<string, PlannedNode>();
  for (const node of graph.nodes) {
    const def = registry.get(node.type);
    if (!def) throw new GraphInvalidError([{ code: 'unknown-type', path: `nodes[${graph.nodes.indexOf(node)}].type`, message: `no executor for node type "${node.type}"`, nodeId: node.id }]);
    nodes.set(node.id, { node, def, inputs: {}, dependents: [], blockers: 0 });
  }
  const upstream = new Map<string, Set<string>>();
  for (const edge of graph.edges) {
    const target = nodes.get(edge.target.node)!;
    (target.inputs[edge.target.port] ??= []).push(edge.source);
    const ups = upstream.get(edge.target.node) ?? new Set<string>();
    if (!ups.has(edge.source.node)) {
      ups.add(edge.source.node);
      nodes.get(edge.source.node)!.dependents.push(edge.target.node);
    }
    upstream.set(edge.target.node, ups);
  }
  for (const [id, ups] of upstream) nodes.get(id)!.blockers = ups.size;
  const order: string[] = [];
  const remaining = new Map([...nodes].map(([id, n]) => [id, n.blockers]));
  const queue = [...nodes.keys()].filter((id) => remaining.get(id) === 0);
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const d of nodes.get(id)!.dependents) {
      const left = remaining.get(d)! - 1;
      remaining.set(d, left);
      if (left === 0) queue.push(d);
    }
  }
  return { graph, nodes, order };
}

/** The node ids downstream of `from` (inclusive): what a restart from that node re-runs. */
export function downstreamOf(plan: ExecutionPlan, from: string): Set<string> {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length) {
    for (const d of plan.nodes.get(stack.pop()!)?.dependents ?? []) {
      if (!seen.has(d)) {
        seen.add(d);
        stack.push(d);
      }
    }
  }
  return seen;
}
