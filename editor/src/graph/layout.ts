import dagre from '@dagrejs/dagre';
import type { CoinEdge, CoinNode } from './types';

const DEFAULT_W = 240;
const DEFAULT_H = 100;

/**
 * A layout wider than this many times its height is wrapped into rows (like a line of text)
 * at whole layers: a 15-node plan is 12 layers long, and fitting one band of them into the
 * view shrank every card title to a few pixels.
 */
const MAX_ASPECT = 2.5;
/** The width/height the wrapped layout aims at: about a canvas's shape. */
const TARGET_ASPECT = 1.6;
const ROW_GAP = 90;
/** Small graphs stay on one band: wrapping three cards only adds crossing edges. */
const MIN_NODES_TO_WRAP = 8;

interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

function tooWide(boxes: readonly Box[]): boolean {
  if (boxes.length < MIN_NODES_TO_WRAP) return false;
  const minY = Math.min(...boxes.map((b) => b.y));
  const width = Math.max(...boxes.map((b) => b.x + b.w)) - Math.min(...boxes.map((b) => b.x));
  const height = Math.max(...boxes.map((b) => b.y + b.h)) - minY;
  return width > MAX_ASPECT * height;
}

/** Whether a loaded document's own layout is one long band (a plan, an old template) that fit view would shrink to unreadable cards. */
export function tooWideToRead(nodes: readonly CoinNode[]): boolean {
  return tooWide(nodes.map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, w: n.measured?.width ?? DEFAULT_W, h: n.measured?.height ?? DEFAULT_H })));
}

/** Cuts a left-to-right layout into rows of whole layers (same x centre), stacked top to bottom. */
function wrapWide(boxes: Box[]): Box[] {
  if (!tooWide(boxes)) return boxes;
  const minX = Math.min(...boxes.map((b) => b.x));
  const minY = Math.min(...boxes.map((b) => b.y));
  const width = Math.max(...boxes.map((b) => b.x + b.w)) - minX;
  const height = Math.max(...boxes.map((b) => b.y + b.h)) - minY;
  const rows = Math.max(2, Math.round(Math.sqrt(width / height / TARGET_ASPECT)));
  const rowOf = (b: Box) => Math.min(rows - 1, Math.floor((b.x + b.w / 2 - minX) / (width / rows)));
  const out: Box[] = [];
  let top = minY;
  for (let r = 0; r < rows; r++) {
    const inRow = boxes.filter((b) => rowOf(b) === r);
    if (!inRow.length) continue;
    const left = Math.min(...inRow.map((b) => b.x));
    const rowTop = Math.min(...inRow.map((b) => b.y));
    const rowBottom = Math.max(...inRow.map((b) => b.y + b.h));
    for (const b of inRow) out.push({ ...b, x: b.x - left + minX, y: b.y - rowTop + top });
    top += rowBottom - rowTop + ROW_GAP;
  }
  return out;
}

/**
 * Left-to-right layered layout (dagre) of the whole graph, using each node's measured size,
 * wrapped into rows when it is much wider than high. Returns new positions by node id; the
 * caller applies them as one undoable edit.
 */
export function layoutPositions(nodes: readonly CoinNode[], edges: readonly CoinEdge[]): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.measured?.width ?? DEFAULT_W, height: n.measured?.height ?? DEFAULT_H });
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const boxes: Box[] = [];
  for (const n of nodes) {
    const p = g.node(n.id);
    const w = n.measured?.width ?? DEFAULT_W;
    const h = n.measured?.height ?? DEFAULT_H;
    // dagre gives centres; React Flow positions are top-left corners.
    if (p) boxes.push({ id: n.id, x: Math.round(p.x - w / 2), y: Math.round(p.y - h / 2), w, h });
  }
  return new Map(wrapWide(boxes).map((b) => [b.id, { x: b.x, y: b.y }]));
}

/** Room a card grows by while a run shows its status line. */
const RUN_LINE = 28;

/** Whether any two measured cards overlap, or will once runs show their status line (up to 400 nodes). */
export function overlapping(nodes: readonly CoinNode[]): boolean {
  if (nodes.length > 400) return false;
  const boxes = nodes.map((n) => ({ x: n.position.x, y: n.position.y, w: n.measured?.width ?? 0, h: (n.measured?.height ?? 0) + RUN_LINE }));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) return true;
    }
  }
  return false;
}
