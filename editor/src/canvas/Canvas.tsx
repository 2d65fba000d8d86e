import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type IsValidConnection,
  type OnConnectEnd,
  type OnInit,
  useConnection,
  useNodesInitialized,
  useStore,
} from '@xyflow/react';
import { categoryColor, entryFor } from '../catalog/catalog';
import { connectionProblem } from '../graph/connection';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';
import { DataEdge } from './DataEdge';
import { NodeCard } from './NodeCard';
import { fitView, flowInstance, setFlowInstance } from './flow-instance';
import { rememberPointer } from './pointer';
import { RECONNECT_RADIUS, movingEdgeId, onReconnect, onReconnectEnd, onReconnectStart } from './reconnect';
import './canvas.css';
import './reconnect.css';
import { DetailContext, detailLevel } from './detail';
import './canvas-perf.css';
import { GEOMETRY_VARS } from './geometry';
import { FarLayer } from './far/FarLayer';
import { useLevelHold } from './level-hold';
import { nodeAt } from './far/draw-far';
import { NO_EDGES, liveNodes } from './far/live-nodes';
import { useBoxSelectHidden } from './far/box-select';
import type { CoinEdge, CoinNode } from '../graph/types';
import { PlanButton } from '../planner/PlanButton';
import { offerCompatibleNodes } from '../connect/offer';

// Module-level so React Flow never sees a new object (which would remount every node).
const nodeTypes = { coin: NodeCard };
const edgeTypes = { coin: DataEdge };
const defaultEdgeOptions = { type: 'coin' as const };
const proOptions = { hideAttribution: true };
const MINIMAP_STYLE = { width: 168, height: 112 };

export const NODE_DRAG_TYPE = 'application/x-coinlab-node';

/** Why a connection is refused, from the graph as it is now (without an edge being re-routed). */
function refusal(c: Connection | Edge): string | null {
  const { nodes, edges } = useGraphStore.getState();
  const types = new Map(nodes.map((n) => [n.id, n.data.nodeType]));
  const moving = movingEdgeId();
  return connectionProblem(c, { typeOf: (id) => types.get(id), edges: moving === null ? edges : edges.filter((e) => e.id !== moving) });
}

function minimapColor(n: CoinNode): string {
  return categoryColor(entryFor(n.data.nodeType)?.ui.category);
}

/** Inside the provider: reads the level of detail once for all cards and edges. */
function DetailLevel({ children }: { children: React.ReactNode }) {
  const zoomLevel = useStore(detailLevel);
  const held = useLevelHold((s) => s.held);
  return <DetailContext.Provider value={held ? 'placeholder' : zoomLevel}>{children}</DetailContext.Provider>;
}

export function Canvas() {
  return (
    <DetailLevel>
      <CanvasInner />
    </DetailLevel>
  );
}

function CanvasInner() {
  const nodes = useGraphStore((s) => s.nodes);
  const edges = useGraphStore((s) => s.edges);
  const onNodesChange = useGraphStore((s) => s.onNodesChange);
  const onEdgesChange = useGraphStore((s) => s.onEdgesChange);
  const wrap = useRef<HTMLDivElement>(null);
  const level = useContext(DetailContext);
  // Zoomed far out, edge ends are too small to grab: no grab areas (two SVG circles an edge).
  const far = level !== 'full';
  const readOnly = useGraphStore((s) => s.readOnly);
  const placeholder = level === 'placeholder';
  const { hovered, onPointerMove } = useHoveredNode(placeholder);
  useBoxSelectHidden(placeholder);
  const connectingFrom = useStore((s) => (s.connection.inProgress ? s.connection.fromHandle.nodeId : null));
  const flowNodes = useMemo(() => (placeholder ? liveNodes(nodes, new Set([hovered, connectingFrom].filter((id): id is string => id !== null))) : nodes), [placeholder, nodes, hovered, connectingFrom]);
  const flowEdges = useMemo(() => (placeholder ? NO_EDGES : edges), [placeholder, edges]);
  const initialized = useNodesInitialized();
  // Documents loaded whole (open, import, template, reload) are fitted into view once their
  // nodes are measured; edits never move the view.
  const loadCount = useGraphStore((s) => s.loadCount);
  const fitted = useRef(0);
  useEffect(() => {
    if (!initialized || fitted.current === loadCount) return;
    fitted.current = loadCount;
    performance.mark('coinlab:nodes-measured');
    // The load benchmark (test/e2e/bench/load.ts) counts a load done only in the fitted view.
    const fit = () => void fitView(false).then(() => performance.mark('coinlab:view-fitted'));
    // Templates and imports drawn for other card sizes may overlap: lay them out first.
    if (useGraphStore.getState().tidyIfOverlapping()) requestAnimationFrame(fit);
    else fit();
  }, [initialized, loadCount]);

  // The one root connection check: React Flow asks it for every hovered handle, for new
  // connections and for edges being re-routed alike.
  const isValidConnection: IsValidConnection<CoinEdge> = useCallback((c) => refusal(c) === null, []);

  const onConnect = useCallback((c: Connection) => {
    const problem = useGraphStore.getState().connect(c);
    if (problem) useUiStore.getState().toast(`Connection refused: ${problem}`, 'error');
  }, []);

  const onConnectEnd: OnConnectEnd = useCallback((e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    // Dropped on empty canvas: the connection-help menu — for a new connection only; the end of
    // a re-routed edge dropped there deletes the edge (onReconnectEnd, called after this).
    if (movingEdgeId() === null && offerCompatibleNodes(e, state)) return;
    const ui = useUiStore.getState();
    if (state.isValid !== false || !state.fromHandle || !state.toHandle) return;
    const from = state.fromHandle.type === 'source' ? state.fromHandle : state.toHandle;
    const to = state.fromHandle.type === 'source' ? state.toHandle : state.fromHandle;
    const reason = refusal({ source: from.nodeId, sourceHandle: from.id ?? null, target: to.nodeId, targetHandle: to.id ?? null });
    if (reason) ui.toast(`Connection refused: ${reason}`, 'error');
  }, []);

  const onDragOver = useCallback((e: React.DragEvent) => {
    if (!e.dataTransfer.types.includes(NODE_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onInit: OnInit<CoinNode, CoinEdge> = useCallback((instance) => {
    setFlowInstance(instance, wrap.current);
  }, []);

  const onDrop = useCallback((e: React.DragEvent) => {
    const type = e.dataTransfer.getData(NODE_DRAG_TYPE);
    if (!type) return;
    e.preventDefault();
    const flow = flowInstance()?.screenToFlowPosition({ x: e.clientX, y: e.clientY }) ?? { x: 0, y: 0 };
    useGraphStore.getState().addNode(type, { x: flow.x - 110, y: flow.y - 30 });
  }, []);

  return (
    <div className="canvas-wrap" style={GEOMETRY_VARS} ref={wrap} onDragOver={onDragOver} onDrop={onDrop} onPointerMove={onPointerMove}>
      <ReactFlow<CoinNode, CoinEdge>
        nodes={flowNodes}
        edges={flowEdges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onReconnectStart={onReconnectStart}
        onReconnect={onReconnect}
        onReconnectEnd={onReconnectEnd}
        edgesReconnectable={!far && !readOnly}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        reconnectRadius={RECONNECT_RADIUS}
        isValidConnection={isValidConnection}
        onInit={onInit}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        selectionOnDrag={false}
        panOnScroll={false}
        zoomOnDoubleClick={false}
        minZoom={0.05}
        maxZoom={2}
        onlyRenderVisibleElements
        colorMode="dark"
        proOptions={proOptions}
        connectionRadius={24}
      >
        <CanvasBackground />
        {placeholder && <FarLayer />}
        {/* At the placeholder level the minimap would show only the live nodes; the canvas there shows the whole graph. */}
        {nodes.length > 0 && !placeholder && <MiniMap<CoinNode> pannable zoomable style={MINIMAP_STYLE} nodeColor={minimapColor} nodeStrokeWidth={0} maskColor="rgba(10,12,16,0.7)" bgColor="#12151b" />}
        <Controls showInteractive={false} />
      </ReactFlow>
      <ConnectHint />
      {nodes.length === 0 && <EmptyCanvasHint />}
    </div>
  );
}

/**
 * At the placeholder level, the node under the pointer (found from the graph's positions, no
 * DOM involved) becomes a live DOM card. Rendered synchronously, so the press that follows
 * the move lands on the card: clicks, drags and connections start as on any card. Not
 * updated while a button is held (a pan or a node drag), except while a connection is
 * dragged, whose target must come alive under the pointer.
 */
function useHoveredNode(active: boolean): { hovered: string | null; onPointerMove: (e: React.PointerEvent) => void } {
  const [hovered, setHovered] = useState<string | null>(null);
  const current = useRef<string | null>(null);
  const connecting = useStore((s) => s.connection.inProgress);
  const onPointerMove = useCallback(
    (e: React.PointerEvent) => {
      rememberPointer(e);
      const flow = flowInstance();
      if (!active || !flow || (e.buttons !== 0 && !connecting)) return;
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }, { snapToGrid: false });
      // Handles and their hit areas stick out of the card's sides.
      const id = nodeAt(useGraphStore.getState().nodes, p.x, p.y, 40);
      if (id === current.current) return;
      current.current = id;
      flushSync(() => setHovered(id));
    },
    [active, connecting],
  );
  return { hovered: active ? hovered : null, onPointerMove };
}

/**
 * The dot grid scales with the zoom: far out its dots would be a pixel apart, hundreds of
 * thousands of them to paint each frame, for a grid nobody can see. It is left out there.
 */
function CanvasBackground() {
  const far = useContext(DetailContext) !== 'full';
  return far ? null : <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#2a303b" />;
}

/** While a connection is dragged over a handle that refuses it, says why. */
function ConnectHint() {
  const hint = useConnection((c) => {
    if (!c.inProgress || c.isValid !== false || !c.toHandle) return null;
    const [from, to] = c.fromHandle.type === 'source' ? [c.fromHandle, c.toHandle] : [c.toHandle, c.fromHandle];
    return refusal({ source: from.nodeId, sourceHandle: from.id ?? null, target: to.nodeId, targetHandle: to.id ?? null });
  });
  if (!hint) return null;
  return (
    <div className="connect-hint" role="status">
      Can’t connect: {hint}
    </div>
  );
}

function EmptyCanvasHint() {
  return (
    <div className="empty-canvas">
      <div className="empty-title">Start a pipeline</div>
      <div className="empty-text">Drag a node from the palette, double-click one, start from a template, or describe a goal.</div>
      <div className="empty-actions">
        <button className="btn" onClick={() => useUiStore.getState().openDialog({ kind: 'templates' })} data-testid="empty-templates">
          Open a template
        </button>
        <PlanButton className="btn primary empty-plan" />
      </div>
    </div>
  );
}
