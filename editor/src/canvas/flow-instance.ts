import type { ReactFlowInstance } from '@xyflow/react';
import { useGraphStore } from '../stores/graph-store';
import type { CoinEdge, CoinNode } from '../graph/types';

/**
 * The canvas's React Flow instance for actions started outside it (palette, problem list,
 * shortcuts): where the middle of the view is, centring on a node, fitting the view.
 */
let instance: ReactFlowInstance<CoinNode, CoinEdge> | null = null;
let canvasEl: HTMLElement | null = null;

export function setFlowInstance(i: ReactFlowInstance<CoinNode, CoinEdge> | null, el: HTMLElement | null): void {
  instance = i;
  canvasEl = el;
  // A graph that arrived before the canvas was ready (the early request, src/api/early.ts) is pointed at now.
  if (prefitPending) {
    prefitPending = false;
    prefit(useGraphStore.getState().nodes);
  }
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

export function fitView(animate = true): Promise<void> {
  // Hidden nodes too: at the placeholder level most nodes are passed to React Flow hidden (far/live-nodes.ts).
  return instance?.fitView({ padding: 0.15, duration: animate ? 250 : 0, maxZoom: 1.1, includeHiddenNodes: true }).then(() => undefined) ?? Promise.resolve();
}


const EST_W = 244;
const EST_H = 130;

/**
 * Before a loaded document renders, point the view at where its nodes will be (from their
 * positions and a typical card size). Large graphs then render straight away at the zoom
 * they are shown at (light cards when far out) instead of first at full size; the exact fit
 * follows once React Flow has measured the cards.
 */
let prefitPending = false;

function prefit(nodes: readonly { position: { x: number; y: number } }[]): void {
  if (!nodes.length) return;
  if (!instance || !canvasEl) {
    prefitPending = true;
    return;
  }
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.position.x);
    minY = Math.min(minY, n.position.y);
    maxX = Math.max(maxX, n.position.x + EST_W);
    maxY = Math.max(maxY, n.position.y + EST_H);
  }
  const { width, height } = canvasEl.getBoundingClientRect();
  if (!width || !height) {
    prefitPending = true;
    return;
  }
  const zoom = Math.max(0.05, Math.min(1.1, width / ((maxX - minX) * 1.3), height / ((maxY - minY) * 1.3)));
  void instance.setViewport({ x: width / 2 - ((minX + maxX) / 2) * zoom, y: height / 2 - ((minY + maxY) / 2) * zoom, zoom });
}

// Runs synchronously inside the store update, before React renders the new nodes.
useGraphStore.subscribe((s, prev) => {
  if (s.loadCount !== prev.loadCount) prefit(s.nodes);
});
