import type { GraphEdge } from '@coinlab/shared';
import { portSpec } from '../catalog/catalog';
import { connectionProblem, type ConnectionLike } from './connection';
import { edgeToFlow } from './convert';
import type { CoinEdge } from './types';

/**
 * The edge list after making or moving an edge, under the one connection rule
 * (connectionProblem). Pure, so the store only records the result as an undo step.
 */
export type EdgeEdit = { edges: CoinEdge[]; problem?: never } | { problem: string; edges?: never };

type TypeOf = (nodeId: string) => string | undefined;

function portRefs(conn: ConnectionLike): Pick<GraphEdge, 'source' | 'target'> {
  return { source: { node: conn.source, port: conn.sourceHandle ?? '' }, target: { node: conn.target, port: conn.targetHandle ?? '' } };
}

/** A single input takes one edge: an edge made into it replaces the one already there. */
function displacedBy(ref: Pick<GraphEdge, 'target'>, typeOf: TypeOf, e: CoinEdge): boolean {
  if (e.target !== ref.target.node || e.targetHandle !== ref.target.port) return false;
  const targetType = typeOf(ref.target.node);
  return !(targetType && portSpec(targetType, 'input', ref.target.port)?.multiple === true);
}

/** A new edge for `conn`, appended. */
export function connectEdges(edges: readonly CoinEdge[], conn: ConnectionLike, typeOf: TypeOf): EdgeEdit {
  const problem = connectionProblem(conn, { typeOf, edges });
  if (problem) return { problem };
  const ref = portRefs(conn);
  return { edges: [...edges.filter((e) => !displacedBy(ref, typeOf, e)), edgeToFlow(ref, typeOf(conn.source))] };
}

/**
 * Edge `edgeId` with its ends moved to the ports of `conn` (one end dragged to another
 * handle), or null when that is where it already is. The edge being moved is left out of the
 * check: it is never in the way of its own new place.
 */
export function rerouteEdges(edges: readonly CoinEdge[], edgeId: string, conn: ConnectionLike, typeOf: TypeOf): EdgeEdit | null {
  const old = edges.find((e) => e.id === edgeId);
  if (!old) return { problem: 'the edge is no longer there' };
  const ref = portRefs(conn);
  const same = old.source === ref.source.node && old.sourceHandle === ref.source.port && old.target === ref.target.node && old.targetHandle === ref.target.port;
  if (same) return null;
  const problem = connectionProblem(conn, { typeOf, edges: edges.filter((e) => e.id !== edgeId) });
  if (problem) return { problem };
  // An id the document gave the edge stays with it; an id-less edge is keyed by its new ports,
  // as it would be when the document is read again.
  const next = edgeToFlow(old.data?.explicitId ? { id: old.id, ...ref } : ref, typeOf(conn.source));
  const moved = old.selected ? { ...next, selected: true } : next;
  // In place, so the document keeps its edge order and an exported file changes in one line.
  return { edges: edges.flatMap((e) => (e.id === edgeId ? [moved] : displacedBy(ref, typeOf, e) ? [] : [e])) };
}
