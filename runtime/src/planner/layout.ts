import type { GraphDocument } from '@coinlab/shared';

export const LAYER_GAP_X = 300;
export const ROW_GAP_Y = 150;

/**
 * A simple layered layout, left to right: each node's layer is its longest path from a
 * source, nodes in a layer are ordered by the mean row of their parents (fewer crossings)
 * and centred vertically. The editor can re-layout with dagre; this one keeps planned
 * graphs readable on any client.
 */
export function layoutGraph(doc: GraphDocument): GraphDocument {
  const ids = doc.nodes.map((n) => n.id);
  const parents = new Map(ids.map((id) => [id, [] as string[]]));
  const children = new Map(ids.map((id) => [id, [] as string[]]));
  for (const e of doc.edges) {
    if (!parents.has(e.target.node) || !children.has(e.source.node) || e.source.node === e.target.node) continue;
    if (!parents.get(e.target.node)!.includes(e.source.node)) parents.get(e.target.node)!.push(e.source.node);
    if (!children.get(e.source.node)!.includes(e.target.node)) children.get(e.source.node)!.push(e.target.node);
  }
  // Kahn's order; nodes on a cycle (invalid graphs) are appended in document order.
  const indeg = new Map(ids.map((id) => [id, parents.get(id)!.length]));
  const queue = ids.filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const c of children.get(id)!) {
      indeg.set(c, indeg.get(c)! - 1);
      if (indeg.get(c) === 0) queue.push(c);
    }
  }
  for (const id of ids) if (!order.includes(id)) order.push(id);
  const layer = new Map<string, number>();
  for (const id of order) layer.set(id, Math.max(0, ...parents.get(id)!.map((p) => (layer.get(p) ?? -1) + 1)));
  const layers: string[][] = [];
  for (const id of order) (layers[layer.get(id)!] ??= []).push(id);
  const row = new Map<string, number>();
  for (const members of layers) {
    const score = (id: string) => {
      const ps = parents.get(id)!.map((p) => row.get(p)).filter((r): r is number => r !== undefined);
      return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : ids.indexOf(id);
    };
    members.sort((a, b) => score(a) - score(b) || ids.indexOf(a) - ids.indexOf(b));
    members.forEach((id, i) => row.set(id, i - (members.length - 1) / 2));
  }
  return {
    ...doc,
    nodes: doc.nodes.map((n) => ({ ...n, position: { x: layer.get(n.id)! * LAYER_GAP_X, y: Math.round(row.get(n.id)! * ROW_GAP_Y) } })),
  };
}
