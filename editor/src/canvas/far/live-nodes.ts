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
const hiddenEdges = new WeakMap<CoinEdge, CoinEdge>();

function hiddenNode(n: CoinNode): CoinNode {
  let h = hiddenNodes.get(n);
  if (!h) {
    h = { ...n, hidden: true };
    hiddenNodes.set(n, h);
  }
  return h;
}

function hiddenEdge(e: CoinEdge): CoinEdge {
  let h = hiddenEdges.get(e);
  if (!h) {
    h = { ...e, hidden: true };
    hiddenEdges.set(e, h);
  }
  return h;
}

export function liveNodes(nodes: CoinNode[], live: ReadonlySet<string>): CoinNode[] {
  return nodes.map((n) => (live.has(n.id) || n.selected || n.dragging ? n : hiddenNode(n)));
}

/** Edges are all on the canvas layer at that level; React Flow draws only the connection being dragged. */
export function hiddenEdgesOf(edges: CoinEdge[]): CoinEdge[] {
  return edges.map(hiddenEdge);
}
