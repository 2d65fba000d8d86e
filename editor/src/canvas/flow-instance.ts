import { getViewportForBounds, type ReactFlowInstance, type Viewport } from '@xyflow/react';
import { useGraphStore } from '../stores/graph-store';
import type { CoinEdge, CoinNode } from '../graph/types';
import { detailLevelAt, LARGE_GRAPH } from './detail';
import { nodesBounds } from './far/draw-far';
import { holdPlaceholder, useLevelHold } from './level-hold';

/**
 * The canvas's React Flow instance for actions started outside it (palette, problem list,
 * shortcuts): where the middle of the view is, centring on a node, fitting the view.
 */
let instance: ReactFlowInstance<CoinNode, CoinEdge> | null = null;
let canvasEl: HTMLElement | null = null;
// React Flow hands its instance over a tick after its viewport is ready (onInit); a graph
// opened before that (the early request, src/api/early.ts) is fitted once it is there.
let instanceReady: (() => void) | null = null;
let whenInstance = new Promise<void>((resolve) => (instanceReady = resolve));

export function setFlowInstance(i: ReactFlowInstance<CoinNode, CoinEdge> | null, el: HTMLElement | null): void {
  instance = i;
  canvasEl = el;
  if (i) instanceReady?.();
  else whenInstance = new Promise<void>((resolve) => (instanceReady = resolve));
}

export function flowInstance(): ReactFlowInstance<CoinNode, CoinEdge> | null {
  return instance;
}

/** The flow coordinates at the middle of the visible canvas (with a small jitter so repeated adds don't stack). */
export function viewCenter(jitter = true): { x: number; y: number } {
  if (!instance || !canvasEl) return { x: 0, y: 0 };
  const r = canvasEl.getBoundingClientRect();
  const p = instance.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
  const n = useGraphStore.getState().nodes.length % 6;
  return jitter ? { x: p.x - 120 + n * 24, y: p.y - 50 + n * 24 } : p;
}

export function focusNode(id: string): void {
  useGraphStore.getState().select([id]);
  const node = useGraphStore.getState().nodes.find((n) => n.id === id);
  if (!instance || !node) return;
  const w = node.measured?.width ?? 240;
  const h = node.measured?.height ?? 120;
  void instance.setCenter(node.position.x + w / 2, node.position.y + h / 2, { zoom: Math.max(instance.getZoom(), 0.9), duration: 300 });
}

const FIT = { padding: 0.15, minZoom: 0.05, maxZoom: 1.1 };

/** The size of the canvas on screen: its element, or before it exists the window. */
function canvasSize(): { width: number; height: number } {
  const r = (canvasEl ?? document.querySelector('.react-flow'))?.getBoundingClientRect();
  return r && r.width > 0 && r.height > 0 ? { width: r.width, height: r.height } : { width: window.innerWidth, height: window.innerHeight };
}

/**
 * The viewport that shows every node, from the cards' geometry (measured sizes where React
 * Flow has them, else the size every level of detail draws: geometry.ts), so a large graph
 * can be fitted without mounting its cards to measure them.
 */
export function fittedViewport(nodes: readonly CoinNode[], size = canvasSize()): Viewport | null {
  if (nodes.length === 0) return null;
  const { left, top, right, bottom } = nodesBounds(nodes);
  return getViewportForBounds({ x: left, y: top, width: right - left, height: bottom - top }, size.width, size.height, FIT.minZoom, FIT.maxZoom, FIT.padding);
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Moves the view. A move that enters the placeholder level from fuller cards first hides the
 * cards (level-hold.ts) and lets React Flow take the hidden list, then moves.
 */
async function moveViewport(target: Viewport, duration: number): Promise<void> {
  await whenInstance;
  const rf = instance!;
  const count = useGraphStore.getState().nodes.length;
  const shownLevel = useLevelHold.getState().held ? 'placeholder' : detailLevelAt(rf.getZoom(), count);
  if (detailLevelAt(target.zoom, count) === 'placeholder' && shownLevel !== 'placeholder') {
    holdPlaceholder(true);
    await nextFrame();
  }
  try {
    await rf.setViewport(target, { duration });
  } finally {
    holdPlaceholder(false);
  }
}

/** Fits the whole graph into view (hidden nodes too: at the placeholder level most nodes are passed to React Flow hidden). */
export async function fitView(animate = true): Promise<void> {
  const duration = animate ? 250 : 0;
  const nodes = useGraphStore.getState().nodes;
  if (nodes.length >= LARGE_GRAPH) {
    const target = fittedViewport(nodes);
    if (target) await moveViewport(target, duration);
    return;
  }
  await whenInstance;
  await instance!.fitView({ padding: FIT.padding, duration, maxZoom: FIT.maxZoom, includeHiddenNodes: true });
}

/**
 * A document loaded whole is fitted once its cards are measured (Canvas.tsx). A large one
 * whose fitted view is far out is held at the placeholder level from its first render, so
 * its cards are never mounted at full size only to be removed by the fit; where the instance
 * is already there, the view is pointed at the fit straight away.
 */
function beforeLoadedRender(nodes: readonly CoinNode[]): void {
  const target = fittedViewport(nodes);
  if (!target) return;
  if (detailLevelAt(target.zoom, nodes.length) === 'placeholder') holdPlaceholder(true);
  void instance?.setViewport(target);
}

// Runs synchronously inside the store update, before React renders the new nodes.
useGraphStore.subscribe((s, prev) => {
  if (s.loadCount !== prev.loadCount) beforeLoadedRender(s.nodes);
});
