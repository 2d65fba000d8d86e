import type { AnyNodeDefinition } from '@coinlab/nodes';
import type { GraphDocument } from '@coinlab/shared';
import type { PaperBooks } from './schemas';

export const BACKTEST_TYPE = 'backtest.long_flat';

export interface TradedNode {
  nodeId: string;
  rules: PaperBooks['rules'];
  /** Where the node's inputs come from: the run's outputs of these nodes and ports are read. */
  predictionsFrom: { node: string; port: string };
  candlesFrom: { node: string; port: string };
}

export type Found<T> = { ok: true; value: T } | { ok: false; path: string; message: string };

/**
 * The backtest node a paper portfolio trades: the one named, or the graph's only one. Its
 * params (validated by the node's own schema, defaults filled) are the rules; its two inputs
 * must be connected, since the paper book reads exactly what flows into them.
 */
export function findTradedNode(document: GraphDocument, registry: ReadonlyMap<string, AnyNodeDefinition>, nodeId: string | undefined): Found<TradedNode> {
  const candidates = document.nodes.filter((n) => n.type === BACKTEST_TYPE);
  let node;
  if (nodeId !== undefined) {
    node = document.nodes.find((n) => n.id === nodeId);
    if (!node) return { ok: false, path: 'nodeId', message: `the graph has no node "${nodeId}"` };
    if (node.type !== BACKTEST_TYPE) return { ok: false, path: 'nodeId', message: `node "${nodeId}" is a ${node.type}, not a ${BACKTEST_TYPE}` };
  } else {
    if (candidates.length === 0) return { ok: false, path: 'nodeId', message: `the graph has no ${BACKTEST_TYPE} node to take the trading rules from` };
    if (candidates.length > 1) return { ok: false, path: 'nodeId', message: `the graph has ${candidates.length} ${BACKTEST_TYPE} nodes (${candidates.map((n) => n.id).join(', ')}): say which one` };
    node = candidates[0]!;
  }
  const def = registry.get(BACKTEST_TYPE);
  if (!def) return { ok: false, path: 'nodeId', message: `this runtime has no ${BACKTEST_TYPE} node` };
  const parsed = def.params.safeParse(node.params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, path: 'nodeId', message: `node "${node.id}" has invalid params${issue ? ` (${issue.path.join('.') || 'params'}: ${issue.message})` : ''}` };
  }
  const p = parsed.data as { threshold: number; feeBps: number; slippageBps: number; minHoldBars: number };
  const source = (port: string) => document.edges.find((e) => e.target.node === node.id && e.target.port === port)?.source;
  const predictionsFrom = source('predictions');
  const candlesFrom = source('candles');
  if (!predictionsFrom) return { ok: false, path: 'nodeId', message: `node "${node.id}" has nothing connected to its predictions input` };
  if (!candlesFrom) return { ok: false, path: 'nodeId', message: `node "${node.id}" has nothing connected to its candles input` };
  return {
    ok: true,
    value: {
      nodeId: node.id,
      rules: { threshold: p.threshold, fee: p.feeBps / 10_000, slippage: p.slippageBps / 10_000, minHoldBars: p.minHoldBars },
      predictionsFrom: { node: predictionsFrom.node, port: predictionsFrom.port },
      candlesFrom: { node: candlesFrom.node, port: candlesFrom.port },
    },
  };
}
