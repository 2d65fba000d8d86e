import { createContext } from 'react';
import type { ReactFlowState } from '@xyflow/react';

/**
 * Level of detail: below DETAIL_ZOOM node cards drop their text (unreadable there) and keep
 * their geometry. The canvas reads the zoom once and hands the answer down through context,
 * rather than every card subscribing to the viewport (1000 selectors per frame).
 */
export const DETAIL_ZOOM = 0.4;
export const zoomedOut = (s: ReactFlowState): boolean => s.transform[2] < DETAIL_ZOOM;
export const ZoomedOutContext = createContext(false);
