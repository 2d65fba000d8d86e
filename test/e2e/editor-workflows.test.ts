import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { documentEdgeCount, node, nodeIds, selectNode, shot, showDock, waitForNodeStatus } from './editor-helpers';
import { authHeaders } from '../support/auth';

/**
 * Editor workflows beyond the first graph: templates gallery, chart artifacts made by the
 * node library, versions with restore and diff, help overlay, auto-layout, copy and paste.
 */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /ETH_BTC/, clipboard: true }));
});
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

describe('editor workflows', () => {
  test('a template opens in one click, runs, and its chart artifacts open in the chart viewer', async () => {
    const page = browser.page;
    await clearEditorStorage(page, server.url);
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Templates' }).click();
    const card = page.locator('[data-template="indicator-exploration"]');
    await card.waitFor();
    await shot(page, '11-templates-gallery');
    await card.click();
    await expect.poll(() => nodeIds(page).then((ids) => ids.length)).toBe(15);
    await expect.poll(() => page.locator('.graph-name').inputValue()).toBe('Indicator exploration (ETH/BTC)');
    await expect.poll(() => page.locator('[data-dock-tab="problems"] .count').count()).toBe(0);

    await page.getByRole('button', { name: '▶ Run' }).click();
    const ids = await nodeIds(page);
    for (const id of ids) await waitForNodeStatus(page, id, ['succeeded', 'cached'], 120_000);
    await shot(page, '12-template-run');
    // Zoomed far out the cards drop their text but still say how each node ended.
    await page.evaluate(() => window.__coinlab!.setViewport({ x: 40, y: 120, zoom: 0.3 }));
    await expect.poll(() => page.locator('.node-card.compact .compact-status').count()).toBe(ids.length);
    expect(await page.locator('.node-card.compact .compact-status').allTextContents()).toEqual(ids.map(() => '✓'));
    await shot(page, '12b-template-run-zoomed-out');
    await page.evaluate(() => window.__coinlab!.setViewport({ x: 0, y: 0, zoom: 1 }));

    // The price chart node saved a Vega-Lite spec: drawn in the outputs panel and the viewer.
    await selectNode(page, 'price');
    await page.getByRole('button', { name: /^Outputs/ }).click();
    await page.locator('[data-output-port="chart"] .chart-card .vega-chart[data-chart-state="ready"] svg.marks').waitFor({ timeout: 30_000 });
    await shot(page, '13-chart-artifact-in-panel');
    await page.locator('[data-output-port="chart"] .chart-card').getByRole('button', { name: 'Open' }).first().click();
    await page.locator('.modal .vega-chart[data-chart-state="ready"] svg.marks').waitFor({ timeout: 30_000 });
    await shot(page, '14-chart-viewer');
    await page.keyboard.press('Escape');
    // The panel can be widened for outputs; the chart grows with it, and a click on it opens the viewer.
    const chartWidth = () => page.locator('[data-output-port="chart"] .chart-card svg.marks').first().evaluate((e) => e.getBoundingClientRect().width);
    const narrow = await chartWidth();
    await page.getByTestId('inspector-widen').click();
    await expect.poll(() => page.locator('aside.inspector').evaluate((e) => e.getBoundingClientRect().width)).toBe(640);
    await expect.poll(chartWidth).toBeGreaterThan(narrow + 200);
    await page.locator('[data-output-port="chart"] .chart-thumb').first().click();
    await page.locator('.modal .vega-chart[data-chart-state="ready"] svg.marks').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page.getByTestId('inspector-widen').click();

    // Every artifact of the run is listed once: a chart is one row named by its title (not its
    // .vl.json spec and its .svg), with Open, SVG and the spec JSON as actions.
    await showDock(page, 'artifacts');
    const runId = new URL(page.url()).searchParams.get('run');
    const listed = ((await (await server.api(`/runs/${runId}/artifacts`)).json()) as { artifacts: { name: string; contentType: string }[] }).artifacts;
    const specs = listed.filter((a) => a.contentType.startsWith('application/vnd.vegalite+json')).length;
    const svgs = listed.filter((a) => a.contentType === 'image/svg+xml').length;
    expect(specs).toBeGreaterThan(3);
    expect(svgs).toBe(specs);
    await expect.poll(() => page.locator('.dock .artifact-list li').count()).toBe(listed.length - svgs);
    expect(await page.locator('.dock .artifact-list li[data-chart]').count()).toBe(specs);
    const names = await page.locator('.dock .artifact-list .artifact-name').allTextContents();
    expect(names.filter((n) => /\.(vl\.json|svg)$/.test(n))).toEqual([]);
    const priceRow = page.locator('.dock .artifact-list li[data-chart="price-ETH_BTC"]');
    expect(await priceRow.locator('.artifact-actions > *').allTextContents()).toEqual(['Open', 'SVG', 'spec JSON']);
    const svg = await fetch(new URL((await priceRow.locator('[data-chart-svg]').getAttribute('href'))!, server.url), { headers: authHeaders(server.url) });
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    await shot(page, '15-artifacts');
    await priceRow.getByRole('button', { name: 'Open' }).click();
    await page.locator('.modal .vega-chart[data-chart-state="ready"] svg.marks').waitFor({ timeout: 30_000 });
    expect(await page.locator('.modal .modal-title').textContent()).toBe('price-ETH_BTC');
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });

  test('versions: each save is a version; two versions diff readably and an old one restores', async () => {
    const page = browser.page;
    // The template graph of the previous test was saved by Run as version 1.
    await selectNode(page, 'sma50');
    await page.getByRole('button', { name: 'Parameters' }).click();
    await page.locator('#p-sma50-period').fill('30');
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('[data-save-state]').textContent()).toBe('v2 · saved');
    // Saving again with nothing changed makes no version: the button and Ctrl+S say so, once.
    const graphId = new URL(page.url()).searchParams.get('graph');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('.toast').allTextContents()).toContain('No changes since v2');
    await page.keyboard.press('Control+s');
    await page.waitForTimeout(300);
    expect(await page.locator('.toast', { hasText: 'No changes since v2' }).count()).toBe(1);
    const versions = ((await (await server.api(`/graphs/${graphId}/versions`)).json()) as { versions: unknown[] }).versions;
    expect(versions).toHaveLength(2);
    expect(await page.locator('[data-save-state]').textContent()).toBe('v2 · saved');

    await page.getByRole('button', { name: 'Versions' }).click();
    await expect.poll(() => page.locator('.modal [data-version]').count()).toBe(2);
    await expect.poll(() => page.locator('[data-testid="version-diff"] .diff-line').allTextContents()).toEqual([expect.stringContaining('period: 50 → 30')]);
    // When: the day and the time on one line, the full timestamp on hover. No empty Message
    // column (editor saves carry no message). The newest version is current, not restorable.
    expect(await page.locator('.modal thead th').allTextContents()).toEqual(['Version', 'Saved', 'Compare', '']);
    const saved = page.locator('.modal [data-version="2"] .version-saved time');
    expect(await saved.textContent()).toMatch(/^\d{1,2} [A-Z][a-z]{2}( \d{4})? \d{2}:\d{2}$/);
    expect(await saved.evaluate((e) => e.getClientRects().length)).toBe(1);
    expect(await saved.getAttribute('title')).toMatch(/\d{4}.*\d{1,2}:\d{2}:\d{2}/);
    expect(await page.locator('.modal [data-version="2"] .version-action').textContent()).toBe('current');
    expect(await page.locator('.modal [data-version="2"]').getByRole('button', { name: 'Restore' }).count()).toBe(0);
    await shot(page, '16-versions-diff');
    await page.locator('.modal [data-version="1"]').getByRole('button', { name: 'Restore' }).click();
    await selectNode(page, 'sma50');
    await expect.poll(() => page.locator('#p-sma50-period').inputValue()).toBe('50');
    await expect.poll(() => page.locator('[data-save-state]').textContent()).toBe('v2 · unsaved changes');
    await page.keyboard.press('Control+z'); // restoring is an edit like any other
    await expect.poll(() => page.locator('#p-sma50-period').inputValue()).toBe('30');
  });

  test('help overlay, auto-layout, multi-select, copy and paste through the clipboard', async () => {
    const page = browser.page;
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await page.locator('.modal .shortcuts').waitFor();
    await shot(page, '17-shortcuts-help');
    await page.keyboard.press('Escape');

    const before = await page.evaluate(() => window.__coinlab!.document() as { nodes: { id: string; position: { x: number; y: number } }[] });
    await page.keyboard.press('l');
    await expect
      .poll(async () => {
        const after = await page.evaluate(() => window.__coinlab!.document() as { nodes: { id: string; position: { x: number; y: number } }[] });
        return after.nodes.some((n, i) => n.position.x !== before.nodes[i]!.position.x || n.position.y !== before.nodes[i]!.position.y);
      })
      .toBe(true);
    await page.waitForTimeout(400);
    await shot(page, '18-auto-layout');

    // Select two nodes (Ctrl+click), copy, paste: new ids, the edge between them kept.
    await page.locator(`${node('load')} .node-head`).click();
    await page.locator(`${node('sma50')} .node-head`).click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    const edgesBefore = await documentEdgeCount(page);
    await page.keyboard.press('Control+c');
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(JSON.parse(clip)).toMatchObject({ version: 2, nodes: [{ id: 'load' }, { id: 'sma50' }], edges: [{ source: { node: 'load' }, target: { node: 'sma50' } }] });
    await page.mouse.move(700, 500);
    await page.keyboard.press('Control+v');
    await expect.poll(() => nodeIds(page)).toEqual(expect.arrayContaining(['load_candles_1', 'sma_1']));
    await expect.poll(() => documentEdgeCount(page)).toBe(edgesBefore + 1);
    await shot(page, '19-pasted');
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page)).not.toContain('sma_1');
    expect(errors).toEqual([]);
  });
});

describe('runs that stop', () => {
  test('Cancel stops a running graph', async () => {
    const page = browser.page;
    await clearEditorStorage(page, server.url);
    await page.goto(server.url);
    await page.locator('.palette-item').first().waitFor();
    const doc = {
      version: 2,
      name: 'Long wait',
      nodes: [{ id: 'nap', type: 'utility.wait', typeVersion: 1, params: { seconds: 60 }, position: { x: 0, y: 0 } }],
      edges: [],
    };
    await page.evaluate((d) => window.__coinlab!.loadDocument(d), doc);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await waitForNodeStatus(page, 'nap', ['running']);
    await page.getByRole('button', { name: '■ Cancel' }).click();
    await waitForNodeStatus(page, 'nap', ['cancelled', 'failed'], 30_000);
    await expect.poll(() => page.locator('[data-run-status]').getAttribute('data-run-status')).toBe('cancelled');
    await expect.poll(() => page.getByRole('button', { name: '▶ Run' }).count()).toBe(1);
  });
});
