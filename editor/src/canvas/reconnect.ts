import type { FinalConnectionState, HandleType, OnReconnect } from '@xyflow/react';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import type { CoinEdge } from '../graph/types';

/**
 * Re-routing an edge: its end is dragged from a handle to another one. React Flow runs the
 * drag like a new connection, so the canvas's isValidConnection, the refusal hint and the
 * refusal toast all apply; they leave out the edge being moved (`movingEdgeId`), which is
 * never in the way of its own new place.
 */

/** How large the grab area at each end of an edge is, in flow units (React Flow's default is 10). */
export const RECONNECT_RADIUS = 18;

/** Screen pixels a press must travel before its release counts as a drop rather than a click. */
const CLICK_SLOP = 6;

let moving: { id: string; x: number; y: number } | null = null;

/** The edge whose end is being dragged, or null. */
export function movingEdgeId(): string | null {
  return moving?.id ?? null;
}

export function onReconnectStart(e: React.MouseEvent, edge: CoinEdge, _handle: HandleType): void {
  moving = { id: edge.id, x: e.clientX, y: e.clientY };
}

/** Dropped on a handle that accepts it: the edge moves there (one undo step). */
export const onReconnect: OnReconnect<CoinEdge> = (edge, conn) => {
  const problem = useGraphStore.getState().reconnect(edge.id, conn);
  if (problem) useUiStore.getState().toast(`Connection refused: ${problem}`, 'error');
};

/**
 * Called after onReconnect (and after the canvas's onConnectEnd, which reports a refused
 * drop). Dropped away from every handle, the edge is removed, as one undo step: the
 * convention of node editors (and React Flow's own example). Dropped on a handle that
 * refused it, the edge stays as it was.
 */
export function onReconnectEnd(e: MouseEvent | TouchEvent, edge: CoinEdge, _handle: HandleType, state: FinalConnectionState): void {
  const start = moving;
  moving = null;
  if (state.toHandle) return;
  const end = 'changedTouches' in e ? e.changedTouches[0] : e;
  // A press that barely moved is a click on the edge's end, not a drop on empty canvas.
  if (start && end && Math.hypot(end.clientX - start.x, end.clientY - start.y) < CLICK_SLOP) return;
  useGraphStore.getState().deleteEdge(edge.id);
}
