import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { GraphEdge } from '@coinlab/shared';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { openFreshEditor, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { connect, dragFromPalette, handle, nodeIds, shot } from './editor-helpers';

/**
 * Re-routing an edge in the real editor: its end is grabbed near the input it feeds and
 * dropped on another input (moved), on one whose type refuses it (refused with the reason,
 * unchanged), or on empty canvas (removed); each is one undo step.
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

const edge = (id: string) => `.react-flow__edge[data-id="${id}"]`;

/** The document's edges as `source.port->target.port` strings, in document order. */
async function documentEdges(page: Page): Promise<string[]> {
  const doc = (await page.evaluate(() => window.__coinlab!.document())) as { edges: GraphEdge[] };
  return doc.edges.map((e) => `${e.source.node}.${e.source.port}->${e.target.node}.${e.target.port}`);
}

async function problemMessages(page: Page): Promise<string[]> {
  return (await page.evaluate(() => window.__coinlab!.problems())).map((p) => p.message);
}

const missingCandles = (id: string) => `required input "candles" (candles) of node "${id}" is not connected`;

/** Presses on the grab area at an edge's target end (left of the input handle) and moves off it. */
async function grabTargetEnd(page: Page, edgeId: string, shotName?: string): Promise<void> {
  const anchor = page.locator(`${edge(edgeId)} circle.react-flow__edgeupdater-target`);
  const box = await anchor.boundingBox();
  if (!box) throw new Error(`no grab area at the end of edge ${edgeId}`);
  // Easy to hit: the grab area is far wider than the 11 px handle it sits beside.
  expect(box.width).toBeGreaterThanOrEqual(30);
  // Pressed away from its centre, near its far edge, as a hurried hand would.
  const x = box.x + box.width * 0.3;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  // Under the pointer, the edge says it can be grabbed (React Flow marks it "updating").
  await page.locator(`${edge(edgeId)}.updating`).waitFor();
  if (shotName) await shot(page, shotName);
  await page.mouse.down();
  await page.mouse.move(x - 30, y + 20, { steps: 6 });
}

/** Presses the far side of an edge end's grab area and lets go after a few pixels: a click, not a drop. */
async function nudgeTargetEnd(page: Page, edgeId: string): Promise<void> {
  const box = (await page.locator(`${edge(edgeId)} circle.react-flow__edgeupdater-target`).boundingBox())!;
  const x = box.x + 3;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x - 3, y + 1, { steps: 3 });
  await page.mouse.up();
}

/** Moves a grabbed end over the centre of a handle, in steps like a hand would. */
async function moveOver(page: Page, selector: string): Promise<void> {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`not visible: ${selector}`);
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
}

describe('re-routing an edge by dragging its end', () => {
  test('moves to a compatible input, is refused by an incompatible one, is removed on empty canvas; each step undoes and redoes', async () => {
    const page = browser.page;
    await openFreshEditor({ server, browser });
    await dragFromPalette(page, 'data.load_candles', 140, 140);
    await dragFromPalette(page, 'indicator.sma', 500, 140);
    await dragFromPalette(page, 'indicator.ema', 500, 400);
    await dragFromPalette(page, 'utility.wait', 860, 140);
    expect((await nodeIds(page)).sort()).toEqual(['ema_1', 'load_candles_1', 'sma_1', 'wait_1']);
    await connect(page, { node: 'load_candles_1', port: 'candles' }, { node: 'sma_1', port: 'candles' });
    await connect(page, { node: 'sma_1', port: 'series' }, { node: 'wait_1', port: 'value' });
    const built = ['load_candles_1.candles->sma_1.candles', 'sma_1.series->wait_1.value'];
    await expect.poll(() => documentEdges(page)).toEqual(built);
    await expect.poll(() => problemMessages(page)).toContain(missingCandles('ema_1'));
    await shot(page, 'reconnect-01-built');

    // 1. The candles edge's end, dragged from SMA's input to EMA's: the edge now feeds EMA.
    await grabTargetEnd(page, 'load_candles_1.candles->sma_1.candles', 'reconnect-02a-grab-area-hovered');
    await moveOver(page, handle('ema_1', 'candles', 'target'));
    await page.locator(`${handle('ema_1', 'candles', 'target')}.connectingto.valid`).waitFor();
    await shot(page, 'reconnect-02-dragging-to-ema');
    await page.mouse.up();
    const moved = ['load_candles_1.candles->ema_1.candles', 'sma_1.series->wait_1.value'];
    await expect.poll(() => documentEdges(page)).toEqual(moved);
    await page.locator(edge('load_candles_1.candles->ema_1.candles')).waitFor();
    await expect.poll(() => page.locator(edge('load_candles_1.candles->sma_1.candles')).count()).toBe(0);
    // Validation follows the edit: SMA now misses its candles, EMA no longer does.
    await expect.poll(() => problemMessages(page)).toContain(missingCandles('sma_1'));
    expect(await problemMessages(page)).not.toContain(missingCandles('ema_1'));
    await shot(page, 'reconnect-03-moved-to-ema');

    // One undo step restores the old edge exactly; redo moves it again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => documentEdges(page)).toEqual(built);
    await page.locator(edge('load_candles_1.candles->sma_1.candles')).waitFor();
    await expect.poll(() => problemMessages(page)).toContain(missingCandles('ema_1'));
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => documentEdges(page)).toEqual(moved);

    // 2. The series edge's end over EMA's candles input: refused, with the reason, while
    //    dragging and after the drop; the edge stays where it was.
    await grabTargetEnd(page, 'sma_1.series->wait_1.value');
    await moveOver(page, handle('ema_1', 'candles', 'target'));
    await expect.poll(() => page.locator('.connect-hint').textContent()).toContain('a Series output cannot feed a Candles input');
    await shot(page, 'reconnect-04-refused-hint');
    await page.mouse.up();
    await expect.poll(() => page.locator('.toast-error').allTextContents()).toContainEqual(expect.stringContaining('Connection refused: a Series output cannot feed a Candles input'));
    await page.locator(edge('sma_1.series->wait_1.value')).waitFor();
    expect(await documentEdges(page)).toEqual(moved);
    await shot(page, 'reconnect-05-refused-unchanged');

    // A press on the grab area that barely moves, far from any handle, is a click: nothing changes.
    await nudgeTargetEnd(page, 'sma_1.series->wait_1.value');
    await page.locator(edge('sma_1.series->wait_1.value')).waitFor();
    expect(await documentEdges(page)).toEqual(moved);

    // 3. The series edge's end dropped on empty canvas: the edge is removed, as one step.
    await grabTargetEnd(page, 'sma_1.series->wait_1.value');
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(pane.x + 760, pane.y + 500, { steps: 12 });
    await shot(page, 'reconnect-06-over-empty-canvas');
    await page.mouse.up();
    await expect.poll(() => documentEdges(page)).toEqual(['load_candles_1.candles->ema_1.candles']);
    await expect.poll(() => page.locator(edge('sma_1.series->wait_1.value')).count()).toBe(0);
    await shot(page, 'reconnect-07-removed');
    await page.keyboard.press('Control+z');
    await expect.poll(() => documentEdges(page)).toEqual(moved);
    await page.locator(edge('sma_1.series->wait_1.value')).waitFor();
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => documentEdges(page)).toEqual(['load_candles_1.candles->ema_1.candles']);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(() => documentEdges(page)).toEqual(built);
    await expect.poll(() => problemMessages(page)).not.toContain(missingCandles('sma_1'));
    expect(await problemMessages(page)).toContain(missingCandles('ema_1'));
    await shot(page, 'reconnect-08-undone-to-start');
    expect(errors).toEqual([]);
  });
});
