import type { CoinEdge, CoinNode } from '../../graph/types';

/**
 * At the placeholder level the canvas layer (FarLayer) draws the graph, and React Flow keeps
 * every node and edge in its store (for fitting, connecting and the minimap's bounds) but
 * renders only the live ones: the node under the pointer, the node a connection is dragged
 * from, and selected or dragged nodes. Those are the DOM cards a hand can act on, so
 * selecting, dragging and connecting work as at any other zoom. The rest are passed as
 * hidden copies, made once per node object so React Flow sees the same objects from one
 * render to the next and re-adopts only the nodes that changed.
 */
const hiddenNodes = new WeakMap<CoinNode, CoinNode>();

function hiddenNode(n: CoinNode): CoinNode {
  let h = hiddenNodes.get(n);
  if (!h) {
    h = { ...n, hidden: true };
    hiddenNodes.set(n, h);
  }
  return h;
}

export function liveNodes(nodes: CoinNode[], live: ReadonlySet<string>): CoinNode[] {
  return nodes.map((n) => (live.has(n.id) || n.selected || n.dragging ? n : hiddenNode(n)));
}

/**
 * Edges are all on the canvas layer at that level: React Flow gets none (a hidden edge still
 * costs a mounted wrapper each). Connections are checked against the graph store, not
 * React Flow's edges, so dragging one is unaffected.
 */
export const NO_EDGES: CoinEdge[] = [];
