import { GRAPH_FORMAT_VERSION, edgeKey, type GraphDocument, type GraphEdge, type GraphNode } from '@coinlab/shared';
import { entryFor, portSpec } from '../catalog/catalog';
import { initialGeometry } from '../canvas/geometry';
import type { CoinEdge, CoinNode, GraphMeta } from './types';

/** Graph document -> canvas state. Positions, labels, params and edge ids carry over as they are. */
export function documentToFlow(doc: GraphDocument): { meta: GraphMeta; nodes: CoinNode[]; edges: CoinEdge[] } {
  const typeOf = new Map(doc.nodes.map((n) => [n.id, n.type]));
  const meta: GraphMeta = { name: doc.name, metadata: doc.metadata };
  if (doc.description !== undefined) meta.description = doc.description;
  return {
    meta,
    nodes: doc.nodes.map(nodeToFlow),
    edges: doc.edges.map((e) => edgeToFlow(e, typeOf.get(e.source.node))),
  };
}

export function nodeToFlow(n: GraphNode): CoinNode {
  const data: CoinNode['data'] = { nodeType: n.type, typeVersion: n.typeVersion, params: n.params };
  if (n.label !== undefined) data.label = n.label;
  const geometry = initialGeometry(entryFor(n.type), Object.keys(n.params).length > 0);
  return { id: n.id, type: 'coin', position: { x: n.position.x, y: n.position.y }, data, ...geometry };
}

export function edgeToFlow(e: GraphEdge, sourceType: string | undefined): CoinEdge {
  return {
    id: e.id ?? edgeKey(e),
    type: 'coin',
    source: e.source.node,
    sourceHandle: e.source.port,
    target: e.target.node,
    targetHandle: e.target.port,
    data: { explicitId: e.id !== undefined, portType: sourceType ? (portSpec(sourceType, 'output', e.source.port)?.type ?? null) : null },
  };
}

/** Canvas state -> graph document, with keys in the document's own order. */
export function flowToDocument(meta: GraphMeta, nodes: readonly CoinNode[], edges: readonly CoinEdge[]): GraphDocument {
  const doc: GraphDocument = { version: GRAPH_FORMAT_VERSION, name: meta.name, nodes: [], edges: [], metadata: meta.metadata };
  if (meta.description !== undefined) doc.description = meta.description;
  doc.nodes = nodes.map(flowToNode);
  doc.edges = edges.map(flowToEdge);
  // Re-create in key order so exported files read naturally and round-trip byte for byte.
  const { version, name, description, metadata } = doc;
  return description === undefined
    ? { version, name, nodes: doc.nodes, edges: doc.edges, metadata }
    : { version, name, description, nodes: doc.nodes, edges: doc.edges, metadata };
}

export function flowToNode(n: CoinNode): GraphNode {
  const out: GraphNode = {
    id: n.id,
    type: n.data.nodeType,
    typeVersion: n.data.typeVersion,
    params: n.data.params,
    position: { x: n.position.x, y: n.position.y },
  };
  if (n.data.label !== undefined) out.label = n.data.label;
  return out;
}

export function flowToEdge(e: CoinEdge): GraphEdge {
  const ref = { source: { node: e.source, port: e.sourceHandle ?? '' }, target: { node: e.target, port: e.targetHandle ?? '' } };
  return e.data?.explicitId ? { id: e.id, ...ref } : ref;
}

