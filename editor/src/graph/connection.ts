import { incompatibilityReason } from '@coinlab/shared';
import { portSpec } from '../catalog/catalog';

export interface ConnectionLike {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

interface GraphView {
  typeOf(nodeId: string): string | undefined;
  edges: readonly ConnectionLike[];
}

/**
 * Why a new edge would be refused, or null when it may be made. The one rule behind the
 * canvas's isValidConnection and the message shown when a drop is refused; port types are
 * checked with the same `incompatibilityReason` the runtime's validation uses.
 */
export function connectionProblem(conn: ConnectionLike, graph: GraphView): string | null {
  const { source, target } = conn;
  const sourcePort = conn.sourceHandle ?? '';
  const targetPort = conn.targetHandle ?? '';
  if (source === target) return 'a node cannot feed itself';
  const sourceType = graph.typeOf(source);
  const targetType = graph.typeOf(target);
  if (!sourceType || !targetType) return 'unknown node';
  const out = portSpec(sourceType, 'output', sourcePort);
  const inp = portSpec(targetType, 'input', targetPort);
  if (!out) return `"${source}" has no output "${sourcePort}"`;
  if (!inp) return `"${target}" has no input "${targetPort}"`;
  const reason = incompatibilityReason(out.type, inp.type);
  if (reason) return reason;
  if (
    inp.multiple &&
    graph.edges.some((e) => e.source === source && e.sourceHandle === sourcePort && e.target === target && e.targetHandle === targetPort)
  ) {
    return 'these ports are already connected';
  }
  const path = pathBetween(target, source, graph.edges);
  if (path) return `it would make a cycle (${[...path, target].join(' → ')})`;
  return null;
}

/** A path of node ids from `from` to `to` along edges, or null. */
function pathBetween(from: string, to: string, edges: readonly ConnectionLike[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const prev = new Map<string, string>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length) {
    const id = queue.shift()!;
    if (id === to) {
      const path = [id];
      let cur = id;
      while (prev.has(cur)) {
        cur = prev.get(cur)!;
        path.unshift(cur);
      }
      return path;
    }
    for (const n of next.get(id) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        prev.set(n, id);
        queue.push(n);
      }
    }
  }
  return null;
}
