import { useCallback, useState } from 'react';

/**
 * The inspector's width, chosen by the person (drag its left edge, or the widen button) and
 * kept across reloads. Outputs (tables of a dozen columns, charts drawn at 600 px) need more
 * room than a params form; the canvas keeps at least CANVAS_ROOM pixels beside the palette.
 */
export const INSPECTOR_DEFAULT = 352;
export const INSPECTOR_WIDE = 640;
export const INSPECTOR_MIN = 300;
const INSPECTOR_MAX = 960;
const CANVAS_ROOM = 660; // palette and a usable canvas
const KEY = 'coinlab.inspectorWidth';

export function clampInspectorWidth(width: number, viewport: number): number {
  const max = Math.max(INSPECTOR_MIN, Math.min(INSPECTOR_MAX, viewport - CANVAS_ROOM));
  return Math.round(Math.min(max, Math.max(INSPECTOR_MIN, width)));
}

function stored(): number {
  try {
    const n = Number(localStorage.getItem(KEY));
    return Number.isFinite(n) && n > 0 ? n : INSPECTOR_DEFAULT;
  } catch {
    return INSPECTOR_DEFAULT;
  }
}

export function useInspectorWidth(): [number, (w: number) => void] {
  const [width, setWidth] = useState(() => clampInspectorWidth(stored(), window.innerWidth));
  const set = useCallback((w: number) => {
    const next = clampInspectorWidth(w, window.innerWidth);
    setWidth(next);
    try {
      localStorage.setItem(KEY, String(next));
    } catch {
      // private mode: the width lasts for this page only
    }
  }, []);
  return [width, set];
}
