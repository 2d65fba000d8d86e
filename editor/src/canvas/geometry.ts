import { Position, type NodeHandle } from '@xyflow/react';
import type { CatalogEntry } from '@coinlab/shared';

/**
 * The node card's fixed geometry, shared by its styles (NodeCard applies these sizes inline)
 * and by the canvas, which gives React Flow each card's size and handle positions up front.
 * React Flow then draws nodes and edges in its first pass instead of rendering every card
 * hidden, measuring it and rendering again: on a 1000-node graph that halves the load.
 * Cards that grow (a run's status line, an error) are measured by React Flow as usual.
 */
export const CARD_W = 244;
export const BORDER = 1;
export const HEAD_H = 36;
export const PORTS_PAD = 3;
export const ROW_H = 21;
export const PARAMS_H = 24;
export const HANDLE = 11;
/** How far a handle's centre sits outside the card's inner edge. */
export const HANDLE_OUT = 6;

export function portRows(entry: CatalogEntry | undefined): number {
  return entry ? Math.max(Object.keys(entry.inputs).length, Object.keys(entry.outputs).length) : 0;
}

/** Height of an idle card (no run line, no error). */
export function cardHeight(rows: number, hasParams: boolean): number {
  return 2 * BORDER + HEAD_H + (rows ? BORDER + 2 * PORTS_PAD + rows * ROW_H : 0) + (hasParams ? PARAMS_H : 0);
}

/** Handle boxes relative to the card's top-left corner, as React Flow measures them. */
export function cardHandles(entry: CatalogEntry | undefined): NodeHandle[] {
  if (!entry) return [];
  const top = (i: number) => BORDER + HEAD_H + BORDER + PORTS_PAD + i * ROW_H + (ROW_H - HANDLE) / 2;
  const inputs = Object.keys(entry.inputs).map((id, i) => ({
    id,
    type: 'target' as const,
    position: Position.Left,
    x: BORDER - HANDLE_OUT - HANDLE / 2,
    y: top(i),
    width: HANDLE,
    height: HANDLE,
  }));
  const outputs = Object.keys(entry.outputs).map((id, i) => ({
    id,
    type: 'source' as const,
    position: Position.Right,
    x: CARD_W - BORDER + HANDLE_OUT - HANDLE / 2,
    y: top(i),
    width: HANDLE,
    height: HANDLE,
  }));
  return [...inputs, ...outputs];
}

/** Size and handles of a new card, so React Flow can draw it (and its edges) without measuring first. */
export function initialGeometry(entry: CatalogEntry | undefined, hasParams: boolean): { measured: { width: number; height: number }; handles: NodeHandle[] } {
  return { measured: { width: CARD_W, height: cardHeight(portRows(entry), hasParams) }, handles: cardHandles(entry) };
}

/** The same numbers as CSS variables, set once on the canvas for the card styles. */
export const GEOMETRY_VARS = {
  '--card-w': `${CARD_W}px`,
  '--head-h': `${HEAD_H}px`,
  '--ports-pad': `${PORTS_PAD}px`,
  '--row-h': `${ROW_H}px`,
  '--params-h': `${PARAMS_H}px`,
  '--handle': `${HANDLE}px`,
  '--handle-out': `${-HANDLE_OUT}px`,
} as React.CSSProperties;
