import type { FinalConnectionState } from '@xyflow/react';
import { portSpec } from '../catalog/catalog';
import { flowInstance } from '../canvas/flow-instance';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { useConnectMenuStore } from './connect-menu-store';
import type { PortChoice } from './compatible-nodes';

/** The card's width, so a node added left of the drop point (for an input) ends at it. */
const CARD_WIDTH = 220;

function clientPoint(e: MouseEvent | TouchEvent): { x: number; y: number } | null {
  if ('changedTouches' in e) {
    const t = e.changedTouches[0];
    return t ? { x: t.clientX, y: t.clientY } : null;
  }
  return { x: e.clientX, y: e.clientY };
}

/**
 * Called when a connection drag ends: dropped on empty canvas (no node, no handle), it opens
 * the menu of compatible nodes at the drop point and returns true; anything else is left to
 * the canvas (false).
 */
export function offerCompatibleNodes(e: MouseEvent | TouchEvent, state: FinalConnectionState): boolean {
  if (state.toNode || state.toHandle || !state.fromHandle) return false;
  const target = e.target instanceof Element ? e.target : null;
  if (!target?.closest('.react-flow__pane')) return false;
  const point = clientPoint(e);
  const from = state.fromHandle;
  const type = useGraphStore.getState().nodes.find((n) => n.id === from.nodeId)?.data.nodeType;
  const spec = type && from.id ? portSpec(type, from.type === 'source' ? 'output' : 'input', from.id) : undefined;
  if (!point || !spec || !from.id) return false;
  const flow = flowInstance()?.screenToFlowPosition(point) ?? point;
  useConnectMenuStore.getState().open({ fromNode: from.nodeId, fromPort: from.id, side: from.type, portType: spec.type, client: point, flow });
  return true;
}

/** Adds the chosen node at the drop point, wired to the port the drag started from (one undo step). */
export function addChosenNode(choice: PortChoice): void {
  const at = useConnectMenuStore.getState().at;
  if (!at) return;
  useConnectMenuStore.getState().close();
  const position = at.side === 'source' ? { x: at.flow.x, y: at.flow.y - 30 } : { x: at.flow.x - CARD_WIDTH, y: at.flow.y - 30 };
  const result = useGraphStore.getState().addConnectedNode(choice.nodeType, position, (id) =>
    at.side === 'source'
      ? { source: at.fromNode, sourceHandle: at.fromPort, target: id, targetHandle: choice.port }
      : { source: id, sourceHandle: choice.port, target: at.fromNode, targetHandle: at.fromPort },
  );
  if ('problem' in result) useUiStore.getState().toast(`Connection refused: ${result.problem}`, 'error');
}
