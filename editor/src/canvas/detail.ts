import { createContext } from 'react';
import type { ReactFlowState } from '@xyflow/react';

/**
 * Level of detail, from the zoom: what a card can show that is still legible, and nothing
 * more, because at 1,000 or 5,000 nodes the browser's style, layout and paint of the cards is
 * what costs, not our JavaScript.
 *  - full (zoom >= DETAIL_ZOOM): the whole card,
 *  - compact (down to PLACEHOLDER_ZOOM): title, status sign and progress in large type,
 *  - placeholder (below PLACEHOLDER_ZOOM, and below DETAIL_ZOOM too in a graph of
 *    LARGE_GRAPH nodes or more, where hundreds of compact cards would be in view): the whole
 *    graph drawn on one canvas layer (far/FarLayer.tsx) — a box per node in its status
 *    colour, progress as a thick bar, titles where they are legible — with a live DOM card
 *    only for the node under the pointer and the selected ones.
 * All three have the same size and handle positions (geometry.ts), so edges need no
 * re-measuring when the level changes. The canvas reads the zoom once and hands the level
 * down through context, rather than every card subscribing to the viewport.
 */
export type DetailLevel = 'full' | 'compact' | 'placeholder';

export const DETAIL_ZOOM = 0.4;
export const PLACEHOLDER_ZOOM = 0.2;
export const LARGE_GRAPH = 250;

export function detailLevelAt(zoom: number, nodeCount: number): DetailLevel {
  if (zoom >= DETAIL_ZOOM) return 'full';
  return zoom >= PLACEHOLDER_ZOOM && nodeCount < LARGE_GRAPH ? 'compact' : 'placeholder';
}

export const detailLevel = (s: ReactFlowState): DetailLevel => detailLevelAt(s.transform[2], s.nodeLookup.size);

export const DetailContext = createContext<DetailLevel>('full');
