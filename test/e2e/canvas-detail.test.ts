import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { GraphEdge, GraphNode } from '@coinlab/shared';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { clearEditorStorage, openFreshEditor, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { geometryMismatch, node, nodeIds, shot } from './editor-helpers';

/**
 * The simplified levels of detail (editor/src/canvas/detail.ts) keep every interaction: at
 * the compact zoom and at the placeholder zoom a node can be selected, dragged and connected,
 * its handles sit where the full card has them, and its run status, progress and data
 * warning are visible.
 */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /ETH_BTC/ }));
});
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

const LEVELS = [
  { level: 'compact', zoom: 0.3 },
  { level: 'placeholder', zoom: 0.12 },
] as const;

const graph = {
  version: 2,
  name: 'Levels of detail',
  nodes: [
    { id: 'a', type: 'utility.wait', typeVersion: 1, params: { seconds: 0 }, position: { x: 0, y: 0 } },
    { id: 'b', type: 'utility.wait', typeVersion: 1, params: { seconds: 0 }, position: { x: 500, y: 0 } },
    { id: 'c', type: 'report.summary', typeVersion: 1, params: { title: 'S' }, position: { x: 1000, y: 300 } },
  ],
  edges: [{ source: { node: 'a', port: 'value' }, target: { node: 'b', port: 'value' } }],
};

async function openAt(page: Page, zoom: number): Promise<void> {
  await openFreshEditor({ server, browser });
  expect(await page.evaluate((g) => window.__coinlab!.loadDocument(g), graph)).toBe(true);
  await expect.poll(() => nodeIds(page).then((ids) => ids.length)).toBe(3);
  await page.evaluate((zoom) => window.__coinlab!.setViewport({ x: 300, y: 300, zoom }), zoom);
}

async function documentNodes(page: Page): Promise<GraphNode[]> {
  return ((await page.evaluate(() => window.__coinlab!.document())) as { nodes: GraphNode[] }).nodes;
}

async function documentEdges(page: Page): Promise<string[]> {
  const doc = (await page.evaluate(() => window.__coinlab!.document())) as { edges: GraphEdge[] };
  return doc.edges.map((e) => `${e.source.node}.${e.source.port}->${e.target.node}.${e.target.port}`);
}

/** Where a point of the flow is on screen, from the viewport (no DOM card needed: at the placeholder level most have none). */
async function toScreen(page: Page, p: { x: number; y: number }): Promise<{ x: number; y: number }> {
  return page.evaluate((p) => {
    const v = window.__coinlab!.getViewport()!;
    const box = document.querySelector('.react-flow')!.getBoundingClientRect();
    return { x: box.left + v.x + p.x * v.zoom, y: box.top + v.y + p.y * v.zoom };
  }, p);
}

async function nodeBox(page: Page, id: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const pos = (await documentNodes(page)).find((n) => n.id === id)!.position!;
  const g = (await page.evaluate((id) => window.__coinlab!.geometry(id), id))!;
  return { x: pos.x, y: pos.y, width: g.width, height: g.height };
}

/** A point of a node, as fractions of its width and height, on screen. */
async function pointOf(page: Page, id: string, fx = 0.5, fy = 0.5): Promise<{ x: number; y: number }> {
  const b = await nodeBox(page, id);
  return toScreen(page, { x: b.x + b.width * fx, y: b.y + b.height * fy });
}

async function handlePoint(page: Page, id: string, port: string, type: 'source' | 'target'): Promise<{ x: number; y: number }> {
  const b = await nodeBox(page, id);
  const h = (await page.evaluate((id) => window.__coinlab!.geometry(id), id))!.handles.find((x) => x.id === port && x.type === type)!;
  return toScreen(page, { x: b.x + h.x + h.width / 2, y: b.y + h.y + h.height / 2 });
}

/** Presses on one handle and releases on another, moving in steps like a hand would. */
async function connectHandles(page: Page, from: { node: string; port: string }, to: { node: string; port: string }): Promise<void> {
  const a = await handlePoint(page, from.node, from.port, 'source');
  const b = await handlePoint(page, to.node, to.port, 'target');
  await page.mouse.move(a.x - 3, a.y);
  await page.mouse.move(a.x, a.y);
  await page.locator(`${node(from.node)} .react-flow__handle.source[data-handleid="${from.port}"]`).waitFor();
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

/** The colour the placeholder level's canvas layer drew at a screen point, as [r, g, b]. */
async function canvasColor(page: Page, at: { x: number; y: number }): Promise<number[]> {
  return page.evaluate((at) => {
    const c = document.querySelector<HTMLCanvasElement>('canvas.far-layer')!;
    const box = c.getBoundingClientRect();
    const scale = c.width / box.width;
    const d = c.getContext('2d')!.getImageData(Math.round((at.x - box.left) * scale), Math.round((at.y - box.top) * scale), 1, 1).data;
    return [d[0]!, d[1]!, d[2]!];
  }, at);
}

/** The status fills of the placeholder level (editor/src/canvas/far/draw-far.ts, placeholder-card.css). */
const STATUS_FILL = { idle: '#1d232d', running: '#1e3a78', succeeded: '#166534' } as const;

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** Moves the pointer off every node, onto the empty pane. */
async function pointerAway(page: Page): Promise<void> {
  const box = (await page.locator('.react-flow').boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height - 80);
}

describe.each(LEVELS)('at the $level level of detail (zoom $zoom)', ({ level, zoom }) => {
  test('nodes are drawn light; a card under the pointer has its handles where the full card has them', async () => {
    const page = browser.page;
    await openAt(page, zoom);
    if (level === 'compact') {
      await expect.poll(() => page.locator('.node-card.compact').count()).toBe(3);
      for (const id of ['a', 'b', 'c']) expect(await geometryMismatch(page, id)).toEqual([]);
    } else {
      // Drawn on the canvas layer, no DOM cards until the pointer is over one.
      await pointerAway(page);
      await expect.poll(() => page.locator('canvas.far-layer').getAttribute('data-drawn-nodes')).toBe('3');
      expect(await page.locator('.react-flow__node').count()).toBe(0);
      expect(await page.locator('.react-flow__edge').count()).toBe(0);
      const b = await pointOf(page, 'b');
      await page.mouse.move(b.x, b.y);
      await expect.poll(() => page.locator('.node-card.placeholder').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')))).toEqual(['b']);
      expect(await geometryMismatch(page, 'b')).toEqual([]);
      await pointerAway(page);
      await expect.poll(() => page.locator('.react-flow__node').count()).toBe(0);
    }
    await shot(page, `lod-${level}-01-cards`);
  });

  test('a node can be selected, dragged and connected', async () => {
    const page = browser.page;
    await openAt(page, zoom);
    await pointerAway(page);

    // Select: a click on the card opens it in the inspector.
    const b = await pointOf(page, 'b');
    await page.mouse.click(b.x, b.y);
    await page.locator('[data-inspector-node="b"]').waitFor();
    await expect.poll(() => page.locator(`${node('b')} .node-card.selected`).count()).toBe(1);

    // Drag: the node follows the pointer (on screen: its flow distance times the zoom).
    const before = (await documentNodes(page)).find((n) => n.id === 'b')!.position!;
    await page.mouse.move(b.x, b.y);
    await page.mouse.down();
    await page.mouse.move(b.x + 15, b.y + 10, { steps: 4 });
    await page.mouse.move(b.x + 30, b.y + 20, { steps: 4 });
    await page.mouse.up();
    const after = (await documentNodes(page)).find((n) => n.id === 'b')!.position!;
    // (React Flow starts the drag once the pointer has moved past its threshold: the first
    // step of the move, a few pixels, is not applied.)
    const moved = { x: (after.x - before.x) * zoom, y: (after.y - before.y) * zoom };
    expect(moved.x).toBeGreaterThan(24);
    expect(moved.x).toBeLessThanOrEqual(31);
    expect(moved.y).toBeGreaterThan(14);
    expect(moved.y).toBeLessThanOrEqual(21);

    // Connect: from b's output handle to c's input handle, both a pixel or two wide here.
    await connectHandles(page, { node: 'b', port: 'value' }, { node: 'c', port: 'items' });
    await expect.poll(() => documentEdges(page)).toEqual(['a.value->b.value', 'b.value->c.items']);
    await shot(page, `lod-${level}-02-dragged-connected`);
    expect(errors).toEqual([]);
  });

  test('a box drawn with Shift selects the nodes wholly inside it', async () => {
    const page = browser.page;
    await openAt(page, zoom);
    await pointerAway(page);
    // From above-left of a to below-right of b (c, lower right, stays out).
    const from = await pointOf(page, 'a', -0.2, -0.5);
    const to = await pointOf(page, 'b', 1.2, 1.5);
    await page.keyboard.down('Shift');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(() => page.locator('.node-card.selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')).sort())).toEqual(['a', 'b']);
    await shot(page, `lod-${level}-02b-box-selected`);
  });

  test('run status and progress are visible', async () => {
    const page = browser.page;
    await openAt(page, zoom);
    await pointerAway(page);
    const runId = 'lod-run';
    await page.evaluate(
      ({ runId, ts }) => {
        const base = { runId, ts };
        window.__coinlab!.beginRun(runId);
        window.__coinlab!.pushEvents([
          { ...base, seq: 1, kind: 'run.queued', nodeIds: ['a', 'b', 'c'], trigger: 'manual' },
          { ...base, seq: 2, kind: 'run.started' },
          { ...base, seq: 3, kind: 'node.started', nodeId: 'a', attempt: 1, signature: 's-a' },
          { ...base, seq: 4, kind: 'node.succeeded', nodeId: 'a', durationMs: 5, outputs: {}, outputsKey: 'k-a' },
          { ...base, seq: 5, kind: 'node.started', nodeId: 'b', attempt: 1, signature: 's-b' },
          { ...base, seq: 6, kind: 'node.progress', nodeId: 'b', progress: 0.5 },
        ]);
      },
      { runId, ts: Date.now() },
    );
    await expect.poll(() => page.evaluate(() => window.__coinlab!.runState().nodes)).toEqual({ a: 'succeeded', b: 'running', c: 'idle' });
    if (level === 'compact') {
      const status = (id: string) => page.locator(`.node-card[data-node-id="${id}"]`).getAttribute('data-status');
      await expect.poll(() => status('a')).toBe('succeeded');
      expect(await status('b')).toBe('running');
      expect(await page.locator('.node-card[data-node-id="a"] .compact-status').textContent()).toBe('✓');
      // The progress bar is half full and has a size on screen.
      const bar = page.locator('.node-card[data-node-id="b"] .compact-progress');
      const barBox = (await bar.boundingBox())!;
      const fillBox = (await bar.locator('div').boundingBox())!;
      expect(barBox.height).toBeGreaterThanOrEqual(2);
      expect(fillBox.width / barBox.width).toBeCloseTo(0.5, 1);
    } else {
      // No text at this size: the status is the box's colour, the progress a bar over its lower part.
      const colorAt = async (id: string, fx: number, fy: number) => canvasColor(page, await pointOf(page, id, fx, fy));
      await expect.poll(() => colorAt('a', 0.5, 0.45)).toEqual(rgb(STATUS_FILL.succeeded));
      expect(await colorAt('b', 0.5, 0.45)).toEqual(rgb(STATUS_FILL.running));
      expect(await colorAt('c', 0.5, 0.45)).toEqual(rgb(STATUS_FILL.idle));
      expect(await colorAt('b', 0.25, 0.85)).toEqual(rgb('#93c5fd'));
      expect(await colorAt('b', 0.75, 0.85)).toEqual(rgb(STATUS_FILL.running));
      // The card under the pointer says the same.
      const b = await pointOf(page, 'b');
      await page.mouse.move(b.x, b.y);
      await expect.poll(() => page.locator('.node-card[data-node-id="b"]').getAttribute('data-status')).toBe('running');
      expect(await page.locator('.node-card[data-node-id="b"] .placeholder-progress').count()).toBe(1);
    }
    await shot(page, `lod-${level}-03-run-status`);
  });

  test('the data-warning mark stays visible', async () => {
    const page = browser.page;
    await clearEditorStorage(page, server.url);
    // The warnings need the coin list: without it the editor knows nothing about the data.
    const coinList = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/coins' && r.ok());
    await page.goto(server.url);
    await coinList;
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.locator('[data-template="predict-rise"]').click();
    await expect.poll(() => page.locator('.node-card:has([data-data-warning])').count()).toBe(1);
    const load = (await page.locator('.node-card:has([data-data-warning])').getAttribute('data-node-id'))!;
    const pos = (await documentNodes(page)).find((n) => n.id === load)!.position!;
    await page.evaluate(({ pos, zoom }) => window.__coinlab!.setViewport({ x: 300 - pos.x * zoom, y: 300 - pos.y * zoom, zoom }), { pos, zoom });
    await pointerAway(page);
    if (level === 'placeholder') {
      // An amber block over the box's right third, drawn on the canvas layer.
      await expect.poll(async () => canvasColor(page, await pointOf(page, load, 0.85, 0.5))).toEqual(rgb('#fbbf24'));
      const p = await pointOf(page, load);
      await page.mouse.move(p.x, p.y);
    }
    const mark = page.locator(`.node-card.${level}[data-node-id="${load}"] [data-data-warning]`);
    await mark.waitFor();
    const box = (await mark.boundingBox())!;
    expect(box.width * box.height).toBeGreaterThanOrEqual(4);
    await shot(page, `lod-${level}-04-data-warning`);
  });
});
