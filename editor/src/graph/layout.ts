import dagre from '@dagrejs/dagre';
import type { CoinEdge, CoinNode } from './types';

const DEFAULT_W = 240;
const DEFAULT_H = 100;

/**
 * Left-to-right layered layout (dagre) of the whole graph, using each node's measured size.
 * Returns new positions by node id; the caller applies them as one undoable edit.
 */
export function layoutPositions(nodes: readonly CoinNode[], edges: readonly CoinEdge[]): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.measured?.width ?? DEFAULT_W, height: n.measured?.height ?? DEFAULT_H });
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const p = g.node(n.id);
    const w = n.measured?.width ?? DEFAULT_W;
    const h = n.measured?.height ?? DEFAULT_H;
    // dagre gives centres; React Flow positions are top-left corners.
    if (p) out.set(n.id, { x: Math.round(p.x - w / 2), y: Math.round(p.y - h / 2) });
  }
  return out;
}

/** Room a card grows by while a run shows its status line. */
const RUN_LINE = 28;

/** Whether any two measured cards overlap, or will once runs show their status line (up to 400 nodes). */
export function overlapping(nodes: readonly CoinNode[]): boolean {
  if (nodes.length > 400) return false;
  const boxes = nodes.map((n) => ({ x: n.position.x, y: n.position.y, w: n.measured?.width ?? 0, h: (n.measured?.height ?? 0) + RUN_LINE }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) return true;
    }
  }
  return false;
}
