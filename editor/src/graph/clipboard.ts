import { GRAPH_FORMAT_VERSION, graphDocumentSchema, migrateGraphDocument, type GraphDocument, type GraphEdge, type GraphNode } from '@coinlab/shared';
import { newNodeId } from './ids';

/**
 * Copy/paste travels through the system clipboard as a graph document (JSON text), so a
 * selection pastes into another tab, another graph, or a text editor.
 */
export function fragmentOf(doc: GraphDocument, selected: ReadonlySet<string>): GraphDocument {
  return {
    version: GRAPH_FORMAT_VERSION,
    name: `${doc.name} (selection)`,
    nodes: doc.nodes.filter((n) => selected.has(n.id)),
    edges: doc.edges.filter((e) => selected.has(e.source.node) && selected.has(e.target.node)),
    metadata: {},
  };
}

/** A graph document from clipboard text, or null when the text is not one. */
export function parseFragment(text: string): GraphDocument | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  try {
    const parsed = graphDocumentSchema.safeParse(migrateGraphDocument(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The fragment's nodes with fresh ids (unique next to `taken`), moved so the group's top-left
 * corner lands at `at`; edges between them follow the new ids and lose explicit ids.
 */
export function remapFragment(
  fragment: GraphDocument,
  taken: ReadonlySet<string>,
  at: { x: number; y: number },
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const used = new Set(taken);
  const ids = new Map<string, string>();
  for (const n of fragment.nodes) {
    const id = used.has(n.id) ? newNodeId(n.type, used) : n.id;
    used.add(id);
    ids.set(n.id, id);
  }
  const minX = Math.min(...fragment.nodes.map((n) => n.position.x));
  const minY = Math.min(...fragment.nodes.map((n) => n.position.y));
  const nodes = fragment.nodes.map((n) => ({
    ...n,
    id: ids.get(n.id)!,
    params: structuredClone(n.params),
    position: { x: at.x + n.position.x - minX, y: at.y + n.position.y - minY },
  }));
  const edges = fragment.edges
    .filter((e) => ids.has(e.source.node) && ids.has(e.target.node))
    .map((e) => ({ source: { node: ids.get(e.source.node)!, port: e.source.port }, target: { node: ids.get(e.target.node)!, port: e.target.port } }));
  return { nodes, edges };
}
