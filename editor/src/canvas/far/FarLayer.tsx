import { useEffect, useRef } from 'react';
import { useStoreApi } from '@xyflow/react';
import { useGraphStore } from '../../stores/graph-store';
import { useRunStore } from '../../stores/run-store';
import { useProblemsStore } from '../../stores/problems-store';
import type { CoinEdge, CoinNode } from '../../graph/types';
import { drawFar, nodesBounds, repaintNodes, type FarScene, type View } from './draw-far';

/** Largest cached drawing of the whole graph (device pixels, 4 bytes each): 16 M pixels, 64 MB. */
const MAX_CACHE_PIXELS = 16_000_000;
/** Room around the graph's boxes for outlines and handles, in flow units. */
const MARGIN = 40;

function graphBounds(nodes: readonly CoinNode[]): { left: number; top: number; right: number; bottom: number } {
  const b = nodesBounds(nodes);
  return { left: b.left - MARGIN, top: b.top - MARGIN, right: b.right + MARGIN, bottom: b.bottom + MARGIN };
}

/** Beyond this share of the nodes changed at once, the whole view is drawn again instead. */
const REPAINT_SHARE = 0.3;

/**
 * The graph drawn on one canvas under React Flow's (then mostly empty) node layer, mounted
 * only at the placeholder level of detail. It renders nothing through React after mounting:
 * it subscribes to the viewport, the graph, the run and the problems, and draws at most once
 * per animation frame whatever changed since, so a burst of run events costs one draw, not a
 * render of every card. What each change costs:
 *  - a zoom draws only the nodes and edges in view, straight onto the canvas;
 *  - a pan (the view moves at an unchanged zoom) copies a drawing of the whole graph made at
 *    that zoom, made once when the pan starts, instead of drawing the graph again;
 *  - run events repaint only the boxes of the nodes whose run state changed (the run store
 *    keeps an unchanged node's state object), on the screen and in that drawing;
 *  - an edit, a selection or a change of problems draws the view again.
 *
 * After each draw it notes on the element what it drew (`data-drawn-nodes`, the nodes in
 * view, and `data-drawn-view`, the viewport) for the benchmark and the end-to-end tests.
 */
export function FarLayer() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rf = useStoreApi<CoinNode, CoinEdge>();

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d', { alpha: true });
    if (!canvas || !ctx) return;
    let frame = 0;
    const scene: FarScene = {
      nodes: [],
      edges: [],
      status: (id) => useRunStore.getState().snapshot?.nodes[id]?.status ?? 'idle',
      progress: (id) => {
        const n = useRunStore.getState().snapshot?.nodes[id];
        return n?.status === 'running' ? (n.progress ?? null) : undefined;
      },
      hasProblems: (id) => useProblemsStore.getState().byNode.has(id),
      hasWarning: (id) => (useProblemsStore.getState().warningsByNode.get(id)?.length ?? 0) > 0,
    };
    // The whole graph drawn at one zoom, for pans (valid: drawn from the current graph).
    const cache = { image: document.createElement('canvas'), valid: false, zoom: NaN, dpr: NaN, left: 0, top: 0, width: 0, height: 0, count: 0 };
    // What the screen shows: the view it was drawn through, and whether it is a copy of the cache.
    let shown: { x: number; y: number; zoom: number; width: number; height: number; dpr: number; copy: boolean } | null = null;
    // Since the last draw: everything changed, or only these nodes' run state.
    let whole = true;
    const changedNodes = new Set<string>();
    let byId = new Map<string, CoinNode>();
    let byIdOf: readonly CoinNode[] | null = null;

    const cacheView = (): View => ({ x: -cache.left * cache.zoom, y: -cache.top * cache.zoom, zoom: cache.zoom, width: cache.width, height: cache.height, dpr: cache.dpr });
    const buildCache = (zoom: number, dpr: number): boolean => {
      const b = graphBounds(scene.nodes);
      const w = Math.ceil((b.right - b.left) * zoom);
      const h = Math.ceil((b.bottom - b.top) * zoom);
      if (!(w > 0 && h > 0) || w * h * dpr * dpr > MAX_CACHE_PIXELS) return false;
      cache.image.width = Math.ceil(w * dpr);
      cache.image.height = Math.ceil(h * dpr);
      Object.assign(cache, { zoom, dpr, left: b.left, top: b.top, width: w, height: h });
      cache.count = drawFar(cache.image.getContext('2d')!, scene, cacheView());
      cache.valid = true;
      return true;
    };
    const copyCache = (x: number, y: number, zoom: number) => {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(cache.image, Math.round((x + cache.left * zoom) * cache.dpr), Math.round((y + cache.top * zoom) * cache.dpr));
      return cache.count;
    };

    const draw = () => {
      frame = 0;
      const { transform, width, height } = rf.getState();
      const dpr = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
        canvas.width = Math.round(width * dpr);
        canvas.height = Math.round(height * dpr);
        shown = null;
      }
      const graph = useGraphStore.getState();
      scene.nodes = graph.nodes;
      scene.edges = graph.edges;
      const [x, y, zoom] = transform;
      const view: View = { x, y, zoom, width, height, dpr };
      const sameView = shown !== null && shown.x === x && shown.y === y && shown.zoom === zoom && shown.width === width && shown.height === height && shown.dpr === dpr;
      const changed = [...changedNodes];
      changedNodes.clear();
      if (whole || changed.length > scene.nodes.length * REPAINT_SHARE) {
        whole = false;
        cache.valid = false;
      } else if (changed.length > 0) {
        if (byIdOf !== scene.nodes) {
          byId = new Map(scene.nodes.map((n) => [n.id, n]));
          byIdOf = scene.nodes;
        }
        if (cache.valid && cache.dpr === dpr) repaintNodes(cache.image.getContext('2d')!, scene, cacheView(), changed, byId);
        else cache.valid = false;
        if (sameView) {
          if (shown!.copy && cache.valid) copyCache(x, y, zoom);
          else repaintNodes(ctx, scene, view, changed, byId);
          return;
        }
      } else if (sameView) return;

      let drawn: number;
      let copy = false;
      if (cache.valid && cache.zoom === zoom && cache.dpr === dpr) copy = true;
      // The view moved at the zoom it was drawn at: a pan, which copies the whole graph's drawing.
      else if (shown !== null && shown.zoom === zoom && shown.dpr === dpr && buildCache(zoom, dpr)) copy = true;
      if (copy) drawn = copyCache(x, y, zoom);
      else drawn = drawFar(ctx, scene, view);
      shown = { ...view, copy };
      canvas.dataset.drawnNodes = String(drawn);
      canvas.dataset.drawnView = `${x},${y},${zoom}`;
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    const changedAll = () => {
      whole = true;
      schedule();
    };
    draw();
    const unsubscribe = [
      rf.subscribe((s, prev) => {
        if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) schedule();
      }),
      useGraphStore.subscribe((s, prev) => {
        if (s.nodes !== prev.nodes || s.edges !== prev.edges) changedAll();
      }),
      useRunStore.subscribe((s, prev) => {
        if (s.snapshot === prev.snapshot) return;
        const now = s.snapshot?.nodes;
        const before = prev.snapshot?.nodes;
        if (!now || !before || s.snapshot?.runId !== prev.snapshot?.runId) return changedAll();
        // Folding keeps the state object of every node an event did not touch.
        for (const id in now) if (now[id] !== before[id]) changedNodes.add(id);
        for (const id in before) if (!(id in now)) changedNodes.add(id);
        if (changedNodes.size) schedule();
      }),
      useProblemsStore.subscribe(changedAll),
    ];
    return () => {
      if (frame) cancelAnimationFrame(frame);
      for (const u of unsubscribe) u();
    };
  }, [rf]);

  return <canvas ref={canvasRef} className="far-layer" aria-hidden="true" />;
}
