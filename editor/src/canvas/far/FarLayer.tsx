import { useEffect, useRef } from 'react';
import { useStoreApi } from '@xyflow/react';
import { useGraphStore } from '../../stores/graph-store';
import { useRunStore } from '../../stores/run-store';
import { useProblemsStore } from '../../stores/problems-store';
import type { CoinEdge, CoinNode } from '../../graph/types';
import { drawFar, nodeBox, type FarScene } from './draw-far';

/** Largest cached drawing of the whole graph (device pixels, 4 bytes each): 16 M pixels, 64 MB. */
const MAX_CACHE_PIXELS = 16_000_000;
/** Room around the graph's boxes for outlines and handles, in flow units. */
const MARGIN = 40;

function graphBounds(nodes: readonly CoinNode[]): { left: number; top: number; right: number; bottom: number } {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const n of nodes) {
    const b = nodeBox(n);
    left = Math.min(left, b.x);
    top = Math.min(top, b.y);
    right = Math.max(right, b.x + b.w);
    bottom = Math.max(bottom, b.y + b.h);
  }
  return { left: left - MARGIN, top: top - MARGIN, right: right + MARGIN, bottom: bottom + MARGIN };
}

/**
 * The graph drawn on one canvas under React Flow's (then mostly empty) node layer, mounted
 * only at the placeholder level of detail. It renders nothing through React after mounting:
 * it subscribes to the viewport, the graph, the run and the problems, and redraws at most
 * once per animation frame whatever changed, so a burst of run events costs one draw, not a
 * render of every card; and while only the view moves (a pan) it copies a drawing of the
 * whole graph made at that zoom instead of drawing it again.
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
    // The whole graph drawn once at the current zoom, reused while only the view moves: a
    // pan then costs one image copy a frame instead of redrawing every node and edge.
    const cache = { image: document.createElement('canvas'), zoom: NaN, dpr: NaN, version: -1, left: 0, top: 0, count: 0 };
    let version = 0;
    const draw = () => {
      frame = 0;
      const { transform, width, height } = rf.getState();
      const dpr = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
        canvas.width = Math.round(width * dpr);
        canvas.height = Math.round(height * dpr);
      }
      const graph = useGraphStore.getState();
      scene.nodes = graph.nodes;
      scene.edges = graph.edges;
      const [x, y, zoom] = transform;
      if (cache.zoom !== zoom || cache.dpr !== dpr || cache.version !== version) {
        const b = graphBounds(graph.nodes);
        const w = Math.ceil((b.right - b.left) * zoom);
        const h = Math.ceil((b.bottom - b.top) * zoom);
        if (w * h * dpr * dpr <= MAX_CACHE_PIXELS && w > 0 && h > 0) {
          cache.image.width = Math.ceil(w * dpr);
          cache.image.height = Math.ceil(h * dpr);
          const off = cache.image.getContext('2d')!;
          cache.count = drawFar(off, scene, { x: -b.left * zoom, y: -b.top * zoom, zoom, width: w, height: h, dpr });
          Object.assign(cache, { zoom, dpr, version, left: b.left, top: b.top });
        } else cache.zoom = NaN; // too large to keep: drawn directly below
      }
      let drawn: number;
      if (cache.zoom === zoom && cache.version === version) {
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(cache.image, Math.round((x + cache.left * zoom) * dpr), Math.round((y + cache.top * zoom) * dpr));
        drawn = cache.count;
      } else drawn = drawFar(ctx, scene, { x, y, zoom, width, height, dpr });
      canvas.dataset.drawnNodes = String(drawn);
      canvas.dataset.drawnView = `${x},${y},${zoom}`;
    };
    const changed = () => {
      version++;
      schedule();
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    draw();
    const unsubscribe = [
      rf.subscribe((s, prev) => {
        if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) schedule();
      }),
      useGraphStore.subscribe((s, prev) => {
        if (s.nodes !== prev.nodes || s.edges !== prev.edges) changed();
      }),
      useRunStore.subscribe((s, prev) => {
        if (s.snapshot !== prev.snapshot) changed();
      }),
      useProblemsStore.subscribe(changed),
    ];
    return () => {
      if (frame) cancelAnimationFrame(frame);
      for (const u of unsubscribe) u();
    };
  }, [rf]);

  return <canvas ref={canvasRef} className="far-layer" aria-hidden="true" />;
}
