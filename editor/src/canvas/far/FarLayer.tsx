import { useEffect, useRef } from 'react';
import { useStoreApi } from '@xyflow/react';
import { useGraphStore } from '../../stores/graph-store';
import { useRunStore } from '../../stores/run-store';
import { useProblemsStore } from '../../stores/problems-store';
import type { CoinEdge, CoinNode } from '../../graph/types';
import { drawFar, type FarScene } from './draw-far';

/**
 * The graph drawn on one canvas under React Flow's (then mostly empty) node layer, mounted
 * only at the placeholder level of detail. It renders nothing through React after mounting:
 * it subscribes to the viewport, the graph, the run and the problems, and redraws at most
 * once per animation frame whatever changed, so a pan or a burst of run events costs one
 * draw, not a render of every card.
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
      const drawn = drawFar(ctx, scene, { x, y, zoom, width, height, dpr });
      canvas.dataset.drawnNodes = String(drawn);
      canvas.dataset.drawnView = `${x},${y},${zoom}`;
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
        if (s.nodes !== prev.nodes || s.edges !== prev.edges) schedule();
      }),
      useRunStore.subscribe((s, prev) => {
        if (s.snapshot !== prev.snapshot) schedule();
      }),
      useProblemsStore.subscribe(schedule),
    ];
    return () => {
      if (frame) cancelAnimationFrame(frame);
      for (const u of unsubscribe) u();
    };
  }, [rf]);

  return <canvas ref={canvasRef} className="far-layer" aria-hidden="true" />;
}
