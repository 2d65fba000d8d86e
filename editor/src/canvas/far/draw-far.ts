import type { NodeStatus, PortType } from '@coinlab/shared';
import { PORT_TYPE_INFO } from '@coinlab/shared';
import type { CoinEdge, CoinNode } from '../../graph/types';
import { categoryColor, entryFor } from '../../catalog/catalog';
import { CARD_W, cardHandles, cardHeight, portRows } from '../geometry';
import { STATUS_GLYPH } from '../StatusBadge';

/**
 * Draws the graph on one 2D canvas at the placeholder level of detail (detail.ts): a box per
 * node in its status colour, a straight line per edge, the run's progress bars, the
 * selection, problem and data-warning marks, and titles with their status sign once boxes
 * are large enough on screen to hold them. One layer, a few fill and stroke calls per
 * colour, instead of thousands of DOM elements the browser styles, lays out and paints.
 * The colours match placeholder-card.css, the DOM card shown for the node under the pointer.
 */
export const STATUS_FILL: Record<NodeStatus, string> = {
  idle: '#1d232d',
  queued: '#2b3341',
  running: '#1e3a78',
  awaiting: '#86198f',
  succeeded: '#166534',
  cached: '#115e59',
  failed: '#991b1b',
  stopped: '#92400e',
  skipped: '#262a31',
  cancelled: '#262a31',
};
const PROGRESS_FILL = '#93c5fd';
const WARNING_FILL = '#fbbf24';
const PROBLEM_STROKE = '#ef4444';
const SELECTED_STROKE = '#4f8cff';
const EDGE_DEFAULT = '#64748b';
/** Thick enough to see from far away: the zoom here is below 0.2. */
const MARK_W = 16;
const STRIP_H = 22;

export interface FarScene {
  nodes: readonly CoinNode[];
  edges: readonly CoinEdge[];
  status(id: string): NodeStatus;
  /** Running progress in [0, 1]; null while running without one; undefined when not running. */
  progress(id: string): number | null | undefined;
  hasProblems(id: string): boolean;
  hasWarning(id: string): boolean;
}

export interface View {
  x: number;
  y: number;
  zoom: number;
  width: number;
  height: number;
  dpr: number;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Boxes per node object: a node that moves or changes is a new object, so this never goes stale. */
const boxCache = new WeakMap<CoinNode, Box>();

/** A node's box in flow units: its measured size, or the card geometry before it is measured. */
export function nodeBox(n: CoinNode): Box {
  let box = boxCache.get(n);
  if (!box) {
    box = measureBox(n);
    boxCache.set(n, box);
  }
  return box;
}

/** The box around every node's card (measured sizes where known, else the drawn geometry). */
export function nodesBounds(nodes: readonly CoinNode[]): { left: number; top: number; right: number; bottom: number } {
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
  return { left, top, right, bottom };
}

function measureBox(n: CoinNode): Box {
  const entry = entryFor(n.data.nodeType);
  return {
    x: n.position.x,
    y: n.position.y,
    w: n.measured?.width ?? CARD_W,
    h: n.measured?.height ?? cardHeight(portRows(entry), Object.keys(n.data.params).length > 0),
  };
}

/** Where a handle's centre is, relative to the node's corner (geometry.ts), per node type. */
const handleCache = new Map<string, Map<string, { x: number; y: number }>>();
function handleCentre(nodeType: string, type: 'source' | 'target', port: string | null | undefined): { x: number; y: number } | undefined {
  let map = handleCache.get(nodeType);
  if (!map) {
    map = new Map(cardHandles(entryFor(nodeType)).map((h) => [`${h.type}:${h.id}`, { x: h.x + (h.width ?? 0) / 2, y: h.y + (h.height ?? 0) / 2 }]));
    handleCache.set(nodeType, map);
  }
  return map.get(`${type}:${port ?? ''}`);
}

function group<T>(into: Map<string, T[]>, key: string, item: T): void {
  const list = into.get(key);
  if (list) list.push(item);
  else into.set(key, [item]);
}

/** Draws `scene` into `ctx` as seen through `view`; returns how many nodes were in view. */
export function drawFar(ctx: CanvasRenderingContext2D, scene: FarScene, view: View): number {
  const { zoom, dpr } = view;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, view.width * dpr, view.height * dpr);
  ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * view.x, dpr * view.y);
  // The visible part of the flow, with a margin for outlines.
  const left = -view.x / zoom - MARK_W;
  const top = -view.y / zoom - MARK_W;
  const right = (view.width - view.x) / zoom + MARK_W;
  const bottom = (view.height - view.y) / zoom + MARK_W;
  const inView = (b: Box) => b.x < right && b.x + b.w > left && b.y < bottom && b.y + b.h > top;

  const boxes = new Map<string, { node: CoinNode; box: Box }>();
  for (const n of scene.nodes) boxes.set(n.id, { node: n, box: nodeBox(n) });

  // Edges first, under the boxes: one path per colour.
  const byColor = new Map<string, number[]>();
  for (const e of scene.edges) {
    const s = boxes.get(e.source);
    const t = boxes.get(e.target);
    if (!s || !t) continue;
    const a = handleCentre(s.node.data.nodeType, 'source', e.sourceHandle);
    const b = handleCentre(t.node.data.nodeType, 'target', e.targetHandle);
    const x1 = s.box.x + (a?.x ?? s.box.w);
    const y1 = s.box.y + (a?.y ?? s.box.h / 2);
    const x2 = t.box.x + (b?.x ?? 0);
    const y2 = t.box.y + (b?.y ?? t.box.h / 2);
    if (Math.max(x1, x2) < left || Math.min(x1, x2) > right || Math.max(y1, y2) < top || Math.min(y1, y2) > bottom) continue;
    const portType = e.data?.portType as PortType | null | undefined;
    const color = portType ? PORT_TYPE_INFO[portType].color : EDGE_DEFAULT;
    const list = byColor.get(color);
    if (list) list.push(x1, y1, x2, y2);
    else byColor.set(color, [x1, y1, x2, y2]);
  }
  ctx.lineWidth = Math.max(6, 1.2 / zoom);
  ctx.globalAlpha = 0.6;
  for (const [color, pts] of byColor) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (let i = 0; i < pts.length; i += 4) {
      ctx.moveTo(pts[i]!, pts[i + 1]!);
      ctx.lineTo(pts[i + 2]!, pts[i + 3]!);
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;

  // Boxes and what is drawn inside them; then the outlines around them.
  const items: BoxItem[] = [];
  const problems: Box[] = [];
  const selected: Box[] = [];
  for (const { node, box } of boxes.values()) {
    if (!inView(box)) continue;
    items.push({ node, box });
    if (scene.hasProblems(node.id)) problems.push(box);
    if (node.selected) selected.push(box);
  }
  paintBoxes(ctx, scene, items, zoom);
  ctx.lineWidth = MARK_W;
  for (const [color, list] of [
    [PROBLEM_STROKE, problems],
    [SELECTED_STROKE, selected],
  ] as const) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (const b of list) ctx.rect(b.x - MARK_W / 2, b.y - MARK_W / 2, b.w + MARK_W, b.h + MARK_W);
    ctx.stroke();
  }
  return items.length;
}

/**
 * Paints again, over what `drawFar` drew through the same `view`, only the given nodes'
 * boxes (those in view): what a run event changes (status, progress) lies inside a node's
 * box, and the box is opaque, so the rest of the drawing stays as it is. Outlines lie
 * outside the box and do not change with the run.
 */
export function repaintNodes(ctx: CanvasRenderingContext2D, scene: FarScene, view: View, ids: Iterable<string>, byId: ReadonlyMap<string, CoinNode>): void {
  const { zoom, dpr } = view;
  ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * view.x, dpr * view.y);
  const left = -view.x / zoom;
  const top = -view.y / zoom;
  const right = (view.width - view.x) / zoom;
  const bottom = (view.height - view.y) / zoom;
  const items: BoxItem[] = [];
  for (const id of ids) {
    const node = byId.get(id);
    if (!node) continue;
    const box = nodeBox(node);
    if (box.x < right && box.x + box.w > left && box.y < bottom && box.y + box.h > top) items.push({ node, box });
  }
  paintBoxes(ctx, scene, items, zoom);
}

interface BoxItem {
  node: CoinNode;
  box: Box;
}

/** Screen size of a title, in CSS pixels; titles are drawn once a box is wide enough to hold a word. */
const TITLE_PX = 11;
const TITLE_MIN_BOX_PX = 56;
const TITLE_FILL = '#e6e9ef';
/** Titles cut to fit, per title and room (in characters): the same few values every frame. */
const fitted = new Map<string, string>();

function fitTitle(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const key = `${chars}:${text}`;
  let cut = fitted.get(key);
  if (cut === undefined) {
    cut = chars > 1 ? `${text.slice(0, chars - 1)}…` : '';
    if (fitted.size > 20_000) fitted.clear();
    fitted.set(key, cut);
  }
  return cut;
}

/** The inside of each box: status fill, category strip, progress, data-warning block, and the title (with the status sign) where it is legible. */
function paintBoxes(ctx: CanvasRenderingContext2D, scene: FarScene, items: readonly BoxItem[], zoom: number): void {
  const fills = new Map<string, Box[]>();
  const strips = new Map<string, Box[]>();
  const progress: Box[] = [];
  const warnings: Box[] = [];
  const titles: { box: Box; text: string; room: number }[] = [];
  const withTitles = CARD_W * zoom >= TITLE_MIN_BOX_PX;
  for (const { node, box } of items) {
    const status = scene.status(node.id);
    const entry = entryFor(node.data.nodeType);
    group(fills, STATUS_FILL[status], box);
    group(strips, categoryColor(entry?.ui.category), box);
    const p = scene.progress(node.id);
    if (p !== undefined) progress.push({ x: box.x, y: box.y + box.h * 0.6, w: box.w * (p ?? 0.3), h: box.h * 0.4 });
    const warned = scene.hasWarning(node.id);
    if (warned) warnings.push({ x: box.x + box.w * 0.66, y: box.y, w: box.w * 0.34, h: box.h });
    if (withTitles) {
      const glyph = STATUS_GLYPH[status];
      const title = node.data.label ?? entry?.ui.title ?? node.data.nodeType;
      titles.push({ box, text: glyph ? `${glyph} ${title}` : title, room: warned ? 0.62 : 0.92 });
    }
  }
  for (const [color, list] of fills) {
    ctx.fillStyle = color;
    for (const b of list) ctx.fillRect(b.x, b.y, b.w, b.h);
  }
  for (const [color, list] of strips) {
    ctx.fillStyle = color;
    for (const b of list) ctx.fillRect(b.x, b.y, b.w, STRIP_H);
  }
  ctx.fillStyle = PROGRESS_FILL;
  for (const b of progress) ctx.fillRect(b.x, b.y, b.w, b.h);
  ctx.fillStyle = WARNING_FILL;
  for (const b of warnings) ctx.fillRect(b.x, b.y, b.w, b.h);
  if (!titles.length) return;
  // Text in screen pixels, whatever the zoom: a title is legible or not drawn at all.
  const size = TITLE_PX / zoom;
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  ctx.fillStyle = TITLE_FILL;
  ctx.textBaseline = 'alphabetic';
  const pad = 6 / zoom;
  for (const { box, text, room } of titles) {
    // About 0.6 em a character: a cut from the length, not a measurement per title per frame.
    const chars = Math.floor((box.w * room - pad) / (size * 0.6));
    const line = fitTitle(text, chars);
    if (line) ctx.fillText(line, box.x + pad, box.y + STRIP_H + size);
  }
}

/** The node under a flow point, with `slack` flow units around each box (its handles stick out). */
export function nodeAt(nodes: readonly CoinNode[], x: number, y: number, slack: number): string | null {
  // Last drawn is on top: search from the end.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const b = nodeBox(nodes[i]!);
    if (x >= b.x - slack && x <= b.x + b.w + slack && y >= b.y && y <= b.y + b.h) return nodes[i]!.id;
  }
  return null;
}
