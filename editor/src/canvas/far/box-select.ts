import { useEffect } from 'react';
import { useStoreApi } from '@xyflow/react';
import { useGraphStore } from '../../stores/graph-store';
import type { CoinEdge, CoinNode } from '../../graph/types';
import { nodeBox } from './draw-far';

/**
 * Box selection (Shift + drag) at the placeholder level. React Flow selects only the nodes it
 * renders, and there most are hidden (live-nodes.ts), so the selection is taken from the
 * graph's own positions: every node wholly inside the rectangle, as React Flow's default
 * (full) selection mode does. Selected nodes become live cards, which React Flow then
 * selects the same way on the next move, so both agree.
 */
export function useBoxSelectHidden(active: boolean): void {
  const rf = useStoreApi<CoinNode, CoinEdge>();
  useEffect(() => {
    if (!active) return;
    return rf.subscribe((s, prev) => {
      const rect = s.userSelectionRect;
      if (!s.userSelectionActive || !rect || rect === prev.userSelectionRect) return;
      const [tx, ty, zoom] = s.transform;
      const left = (rect.x - tx) / zoom;
      const top = (rect.y - ty) / zoom;
      const right = left + rect.width / zoom;
      const bottom = top + rect.height / zoom;
      const graph = useGraphStore.getState();
      const inside: string[] = [];
      for (const n of graph.nodes) {
        const b = nodeBox(n);
        if (b.x >= left && b.y >= top && b.x + b.w <= right && b.y + b.h <= bottom) inside.push(n.id);
      }
      const selected = graph.nodes.filter((n) => n.selected).map((n) => n.id);
      if (inside.length !== selected.length || inside.some((id, i) => id !== selected[i])) graph.select(inside);
    });
  }, [active, rf]);
}
