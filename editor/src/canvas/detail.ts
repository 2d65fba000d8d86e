import { createContext } from 'react';
import type { ReactFlowState } from '@xyflow/react';

/**
 * Level of detail, from the zoom: what a card can show that is still legible, and nothing
 * more, because at 1,000 or 5,000 nodes the browser's style, layout and paint of the cards is
 * what costs, not our JavaScript.
 *  - full (zoom >= DETAIL_ZOOM): the whole card,
 *  - compact (down to PLACEHOLDER_ZOOM): title, status sign and progress in large type,
 *  - placeholder (below): one box per node filled with its status colour, handles where the
 *    full card has them, progress as a thick bar; no text at all.
 * All three have the same size and handle positions (geometry.ts), so edges need no
 * re-measuring when the level changes. The canvas reads the zoom once and hands the level
 * down through context, rather than every card subscribing to the viewport.
 */
export type DetailLevel = 'full' | 'compact' | 'placeholder';

export const DETAIL_ZOOM = 0.4;
export const PLACEHOLDER_ZOOM = 0.2;

export function detailLevelAt(zoom: number): DetailLevel {
  if (zoom >= DETAIL_ZOOM) return 'full';
  return zoom >= PLACEHOLDER_ZOOM ? 'compact' : 'placeholder';
}

export const detailLevel = (s: ReactFlowState): DetailLevel => detailLevelAt(s.transform[2]);

export const DetailContext = createContext<DetailLevel>('full');
