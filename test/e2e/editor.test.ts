import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { GraphDocumentInput } from '@coinlab/shared';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { openFreshEditor, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import {
  connect,
  dragFromPalette,
  edgeCount,
  geometryMismatch,
  handle,
  node,
  nodeIds,
  recordStatuses,
  recordedStatuses,
  selectNode,
  shot,
  showDock,
  waitForNodeStatus,
} from './editor-helpers';

/**
 * The editor in Debian's Chromium against the real runtime (HTTP + socket.io + embedded
 * PostgreSQL) on a free port, with real candles imported from ../shared/data/market.
 */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /ETH_BTC|LTC_BTC/ }));
});
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

const freshEditor = () => openFreshEditor({ server, browser });

async function runAndWait(ids: string[], finals = ['succeeded', 'cached']): Promise<void> {
  await browser.page.getByRole('button', { name: '▶ Run' }).click();
  for (const id of ids) await waitForNodeStatus(browser.page, id, finals, 90_000);
}

describe('editor end to end', () => {
  test('build a graph from an empty canvas, run it live, chart, reload, undo/redo, export and import', async () => {
    const page = browser.page;
    await freshEditor();
    await shot(page, '01-empty-canvas');

    // Drag four nodes from the palette onto the empty canvas.
    await dragFromPalette(page, 'data.load_candles', 150, 110);
    await dragFromPalette(page, 'indicator.sma', 450, 110);
    await dragFromPalette(page, 'utility.wait', 750, 110);
    await dragFromPalette(page, 'report.summary', 600, 360);
    expect((await nodeIds(page)).sort()).toEqual(['load_candles_1', 'sma_1', 'summary_1', 'wait_1']);

    // Connect them by dragging between handles.
    await connect(page, { node: 'load_candles_1', port: 'candles' }, { node: 'sma_1', port: 'candles' });
    await connect(page, { node: 'sma_1', port: 'series' }, { node: 'wait_1', port: 'value' });
    await connect(page, { node: 'wait_1', port: 'value' }, { node: 'summary_1', port: 'items' });
    await connect(page, { node: 'load_candles_1', port: 'candles' }, { node: 'summary_1', port: 'items' });
    await expect.poll(() => edgeCount(page)).toBe(4);
    for (const id of ['load_candles_1', 'sma_1', 'wait_1', 'summary_1']) expect(await geometryMismatch(page, id)).toEqual([]);

    // Params: an invalid value is marked inline with the runtime's message, then fixed.
    await selectNode(page, 'sma_1');
    const period = page.locator('#p-sma_1-period');
    await period.fill('1');
    await expect.poll(() => page.locator('[data-param="period"] .field-error').textContent()).toBe('must be >= 2');
    await expect.poll(() => page.locator(`${node('sma_1')} .node-problems`).count()).toBe(1);
    await shot(page, '02-inline-param-error');
    await period.fill('12');
    await expect.poll(() => page.locator('[data-param="period"] .field-error').count()).toBe(0);
    await selectNode(page, 'wait_1');
    await page.locator('#p-wait_1-seconds').fill('2');
    await selectNode(page, 'load_candles_1');
    await expect.poll(() => page.locator('[data-param="coins"] .chip').allTextContents()).toEqual(['ETH_BTC×']);
    await page.locator('#p-load_candles_1-from').fill('2018-01-12');
    await page.locator('#p-load_candles_1-to').fill('2018-01-20');
    await page.locator('.react-flow__pane').click({ position: { x: 900, y: 500 } });
    await expect.poll(() => page.locator('.dock-tabs [data-dock-tab="problems"] .count').count()).toBe(0);
    await shot(page, '03-graph-built');

    // Run: every node reaches success, live (statuses change on the cards while it runs).
    await recordStatuses(page);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await waitForNodeStatus(page, 'wait_1', ['running']);
    await page.locator('.react-flow__edge-path.edge-running').first().waitFor({ state: 'attached', timeout: 10_000 });
    await shot(page, '04-run-live');
    for (const id of ['load_candles_1', 'sma_1', 'wait_1', 'summary_1']) await waitForNodeStatus(page, id, ['succeeded', 'cached'], 90_000);
    const seen = await recordedStatuses(page);
    expect(seen.wait_1).toContain('running');
    for (const id of ['load_candles_1', 'sma_1', 'wait_1', 'summary_1']) expect(seen[id]!.at(-1)).toBe('succeeded');
    await expect.poll(() => page.locator('[data-run-status]').getAttribute('data-run-status')).toBe('succeeded');
    expect(new URL(page.url()).searchParams.get('run')).toBeTruthy();
    const graphId = new URL(page.url()).searchParams.get('graph');
    expect(graphId).toBeTruthy();
    await showDock(page, 'logs');
    await expect.poll(() => page.locator('.log-line').count()).toBeGreaterThan(0);
    await shot(page, '05-run-succeeded-logs');

    // Open a chart of the SMA output (vega-embed draws the Vega-Lite spec as SVG).
    await selectNode(page, 'sma_1');
    await page.getByRole('button', { name: /^Outputs/ }).click();
    await page.locator('[data-output-port="series"] .vtable-row').first().waitFor();
    await page.locator('[data-output-port="series"]').getByRole('button', { name: 'Chart' }).click();
    await page.locator('[data-output-port="series"] .vega-chart[data-chart-state="ready"] svg.marks').waitFor({ timeout: 30_000 });
    await shot(page, '06-output-chart');

    // Reload: the graph and its run are found again.
    await page.reload();
    await page.locator(node('sma_1')).waitFor();
    for (const id of ['load_candles_1', 'sma_1', 'wait_1', 'summary_1']) await waitForNodeStatus(page, id, ['succeeded']);
    expect(new URL(page.url()).searchParams.get('graph')).toBe(graphId);
    await showDock(page, 'runs');
    await expect.poll(() => page.locator('.run-table [data-run-id]').count()).toBe(1);
    await shot(page, '07-after-reload-run-history');

    // Undo and redo a deletion (the node and its two edges).
    await selectNode(page, 'wait_1');
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeIds(page)).not.toContain('wait_1');
    await expect.poll(() => edgeCount(page)).toBe(2);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page)).toContain('wait_1');
    await expect.poll(() => edgeCount(page)).toBe(4);
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => nodeIds(page)).not.toContain('wait_1');
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page)).toContain('wait_1');
    await expect.poll(() => edgeCount(page)).toBe(4);

    // Export, then import the file: the same document comes back.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'coinlab-export-')), download.suggestedFilename());
    await download.saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    expect(exported).toEqual(await page.evaluate(() => window.__coinlab!.document()));
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await expect.poll(() => nodeIds(page)).toEqual([]);
    await page.locator('[data-testid="import-file"]').setInputFiles(file);
    await expect.poll(() => nodeIds(page)).toHaveLength(4);
    expect(await page.evaluate(() => window.__coinlab!.document())).toEqual(exported);
    await expect.poll(() => edgeCount(page)).toBe(4);

    // An invalid file is refused with its problems listed.
    const bad = path.join(path.dirname(file), 'bad.graph.json');
    fs.writeFileSync(bad, JSON.stringify({ version: 2, nodes: [{ id: 'x', type: 'no.such_node', typeVersion: 1 }], edges: [{ source: { node: 'x', port: 'a' }, target: { node: 'y', port: 'b' } }] }));
    await page.locator('[data-testid="import-file"]').setInputFiles(bad);
    await page.getByRole('button', { name: 'Discard' }).click(); // the imported graph is not saved
    const problems = page.locator('[data-testid="import-problems"] li');
    await expect.poll(() => problems.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('unknown node type "no.such_node"'), expect.stringContaining('no node with id "y"')]),
    );
    await shot(page, '08-import-refused');
    await page.getByRole('button', { name: 'OK' }).click();
    expect(await nodeIds(page)).toHaveLength(4);

    // A candle file picked here is named as one (not refused as a graph) and handed to the Data tab's preview.
    const candles = path.join(path.dirname(file), 'sol prices.csv');
    fs.writeFileSync(candles, 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n2024-01-01T01:00:00Z,1.5,2,1,1.8,12\n');
    await page.locator('[data-testid="import-file"]').setInputFiles(candles);
    expect(await page.getByTestId('candle-file-message').textContent()).toBe('This is a candle file, not a graph — import candles in the Data tab.');
    await page.getByRole('button', { name: 'Open the Data tab' }).click();
    const card = page.locator('[data-testid="import-card"]');
    await card.waitFor();
    expect(await card.getByLabel('Coin name').inputValue()).toBe('SOL_PRICES');
    expect(await card.locator('.import-preview tbody tr').count()).toBe(2);
    await card.getByRole('button', { name: 'Cancel' }).click();
    expect(await nodeIds(page)).toHaveLength(4);
    expect(errors).toEqual([]);
  });

  test('an incompatible connection is refused with a reason', async () => {
    const page = browser.page;
    await freshEditor();
    await dragFromPalette(page, 'indicator.sma', 150, 150);
    await dragFromPalette(page, 'indicator.ema', 550, 150);
    const a = (await page.locator(handle('sma_1', 'series', 'source')).boundingBox())!;
    const b = (await page.locator(handle('ema_1', 'candles', 'target')).boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
    await expect.poll(() => page.locator('.connect-hint').textContent()).toContain('a Series output cannot feed a Candles input');
    await shot(page, '09-connection-refused-hint');
    await page.mouse.up();
    await expect.poll(() => page.locator('.toast-error').allTextContents()).toContainEqual(expect.stringContaining('Connection refused: a Series output cannot feed a Candles input'));
    await expect.poll(() => edgeCount(page)).toBe(0);
  });

  test('a failing node shows its error on the card and in the panel', async () => {
    const page = browser.page;
    await freshEditor();
    const doc: GraphDocumentInput = {
      version: 2,
      name: 'Failing graph',
      nodes: [
        { id: 'load', type: 'data.load_candles', typeVersion: 1, params: { coins: ['NOPE_BTC'] }, position: { x: 0, y: 0 } },
        { id: 'sma', type: 'indicator.sma', typeVersion: 1, params: { period: 5 }, position: { x: 320, y: 0 } },
      ],
      edges: [{ source: { node: 'load', port: 'candles' }, target: { node: 'sma', port: 'candles' } }],
    };
    await page.evaluate((d) => window.__coinlab!.loadDocument(d), doc);
    await runAndWait(['load'], ['failed']);
    await waitForNodeStatus(page, 'sma', ['skipped', 'cancelled']);
    await expect.poll(() => page.locator(`${node('load')} .node-error`).textContent()).toContain('unknown coin NOPE_BTC');
    await selectNode(page, 'load');
    await expect.poll(() => page.locator('.run-panel .run-error').textContent()).toContain('unknown coin NOPE_BTC');
    await shot(page, '10-failed-node');
  });

  test('a reload in the middle of a run reattaches to the live stream without losing or repeating events', async () => {
    const page = browser.page;
    await freshEditor();
    const doc: GraphDocumentInput = {
      version: 2,
      name: 'Slow graph',
      nodes: [
        { id: 'load', type: 'data.load_candles', typeVersion: 1, params: { coins: ['LTC_BTC'] }, position: { x: 0, y: 0 } },
        { id: 'pause', type: 'utility.wait', typeVersion: 1, params: { seconds: 4 }, position: { x: 320, y: 0 } },
        { id: 'report', type: 'report.summary', typeVersion: 1, params: { title: 'After the pause' }, position: { x: 640, y: 0 } },
      ],
      edges: [
        { source: { node: 'load', port: 'candles' }, target: { node: 'pause', port: 'value' } },
        { source: { node: 'pause', port: 'value' }, target: { node: 'report', port: 'items' } },
      ],
    };
    await page.evaluate((d) => window.__coinlab!.loadDocument(d), doc);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await waitForNodeStatus(page, 'pause', ['running']);
    const runId = new URL(page.url()).searchParams.get('run')!;
    await page.reload();
    await page.locator(node('pause')).waitFor();
    const afterReload = await waitForNodeStatus(page, 'pause', ['running', 'succeeded']);
    expect(afterReload).toBe('running'); // still live after the reload
    for (const id of ['load', 'pause', 'report']) await waitForNodeStatus(page, id, ['succeeded'], 60_000);
    const res = await server.api(`/runs/${runId}/events?after=0&limit=5000`);
    const events = ((await res.json()) as { events: { seq: number; kind: string }[] }).events;
    const state = await page.evaluate(() => window.__coinlab!.runState());
    expect(state.runId).toBe(runId);
    expect(state.cursor).toBe(events.at(-1)!.seq);
    const expectedLogs = events.filter((e) => e.kind === 'node.log' || e.kind === 'node.failed' || e.kind === 'node.retrying').length;
    expect(state.logs).toBe(expectedLogs);
  });
});
