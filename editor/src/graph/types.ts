import type { Edge, Node } from '@xyflow/react';
import type { PortType } from '@coinlab/shared';

/**
 * The editor's own canvas state. It mirrors the graph document but in React Flow's shape;
 * convert.ts is the only place that translates between the two, so the runtime never sees
 * this format.
 */
export interface CoinNodeData extends Record<string, unknown> {
  nodeType: string;
  typeVersion: number;
  params: Record<string, unknown>;
  label?: string;
}
export type CoinNode = Node<CoinNodeData, 'coin'>;

export interface CoinEdgeData extends Record<string, unknown> {
  /** Whether the document gave this edge an id (new edges and id-less edges are keyed by ports). */
  explicitId: boolean;
  /** The source port's type, for the edge colour. */
  portType: PortType | null;
}
export type CoinEdge = Edge<CoinEdgeData, 'coin'>;

/** Document fields that are not nodes or edges. */
export interface GraphMeta {
  name: string;
  description?: string;
  metadata: Record<string, unknown>;
}
