import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { openFreshEditor, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { handle, node, nodeIds, selectNode, shot, showDock, waitForNodeStatus } from './editor-helpers';

/**
 * Issue 13, "Don't lose the user's work" and the editor's day-one papercuts, as a user meets
 * them: a guard before any action replaces unsaved work, the plan summary that stays with
 * its graph and off the nodes, cross-field param rules caught before a run (and before a
 * save), a reopened graph showing its last run, dates in the runs table, one name per
 * control, a dock tab that never folds the dock, and the connection-help menu.
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

const smallGraph = (name: string, range: { from: string; to: string } = { from: '2018-01-12', to: '2018-01-14' }) => ({
  version: 2,
  name,
  nodes: [
    { id: 'load', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'], ...range }, position: { x: 0, y: 0 } },
    { id: 'rsi', type: 'indicator.rsi', typeVersion: 1, params: {}, position: { x: 320, y: 0 } },
  ],
  edges: [{ source: { node: 'load', port: 'candles' }, target: { node: 'rsi', port: 'candles' } }],
  metadata: {},
});

async function createGraph(document: unknown): Promise<string> {
  const res = await server.api('/graphs', { method: 'POST', json: { document } });
  if (res.status !== 201) throw new Error(`POST /graphs: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { graph: { id: string } }).graph.id;
}
const graphCount = async () => ((await (await server.api('/graphs')).json()) as { graphs: unknown[] }).graphs.length;
const loadUnsaved = (page: Page, doc: unknown) => page.evaluate((d) => window.__coinlab!.loadDocument(d), doc);
const confirmTitle = (page: Page) => page.locator('.modal-title', { hasText: 'Discard unsaved changes?' });

describe("don't lose the user's work", () => {
  test('Open, Templates and Plan from goal ask before replacing unsaved edits', async () => {
    const page = browser.page;
    await createGraph(smallGraph('Saved elsewhere'));
    await openFreshEditor({ server, browser });
    expect(await loadUnsaved(page, smallGraph('My unsaved work'))).toBe(true);
    await page.locator(node('rsi')).waitFor();

    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('.pick-list li', { hasText: 'Saved elsewhere' }).click();
    await confirmTitle(page).waitFor();
    await shot(page, 'keep-01-open-asks');
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('.graph-name').inputValue()).toBe('My unsaved work');

    await page.getByRole('button', { name: 'Templates' }).click();
    await page.locator('[data-template="moving-averages"]').click();
    await confirmTitle(page).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('.graph-name').inputValue()).toBe('My unsaved work');

    await page.locator('.topbar [data-testid="plan-from-goal"]').click();
    await confirmTitle(page).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('.plan-dialog').count()).toBe(0);
    expect(await page.locator('.graph-name').inputValue()).toBe('My unsaved work');

    // Agreeing does replace it.
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('.pick-list li', { hasText: 'Saved elsewhere' }).click();
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => page.locator('.graph-name').inputValue()).toBe('Saved elsewhere');
    expect(errors).toEqual([]);
  });

  test('an inverted date range is a problem with its path before running; Run saves no version', async () => {
    const page = browser.page;
    await openFreshEditor({ server, browser });
    const before = await graphCount();
    await loadUnsaved(page, smallGraph('Inverted range', { from: '2018-01-20', to: '2018-01-12' }));
    await page.locator(node('load')).waitFor();
    await expect.poll(() => page.evaluate(() => window.__coinlab!.problems())).toEqual([{ path: 'nodes[0].params.to', message: 'is before from: the date range is empty' }]);
    await expect.poll(() => page.locator('.node-card[data-node-id="load"].has-problems').count()).toBe(1);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await page.locator('.toast', { hasText: 'before running' }).waitFor();
    await shot(page, 'keep-02-inverted-range');
    expect(await graphCount()).toBe(before);
    expect(await page.locator('[data-save-state]').getAttribute('data-save-state')).toBe('dirty');
    expect(new URL(page.url()).searchParams.get('run')).toBeNull();
    // The API refuses the same document with the same path (400) and stores nothing.
    const res = await server.api('/graphs', { method: 'POST', json: { document: smallGraph('Inverted range', { from: '2018-01-20', to: '2018-01-12' }) } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('nodes[0].params.to');
    expect(await graphCount()).toBe(before);
  });

  test('a reopened graph shows its last run; the runs table has dates; the dock stays open; one name per control', async () => {
    const page = browser.page;
    const graphId = await createGraph(smallGraph('Ran before'));
    const started = await server.api('/runs', { method: 'POST', json: { graphId } });
    const runId = ((await started.json()) as { runId: string }).runId;
    await expect.poll(async () => ((await (await server.api(`/runs/${runId}`)).json()) as { run: { status: string } }).run.status, { timeout: 60_000 }).toBe('succeeded');

    await openFreshEditor({ server, browser });
    await page.goto(`${server.url}/?graph=${graphId}`);
    // No run row clicked: the cards show how the last run ended.
    await waitForNodeStatus(page, 'rsi', ['succeeded', 'cached']);
    await expect.poll(() => new URL(page.url()).searchParams.get('run')).toBe(runId);

    await showDock(page, 'runs');
    const started_ = page.locator(`.run-table tr[data-run-id="${runId}"] td`).nth(1);
    expect(await started_.textContent()).toMatch(/^\d{1,2} [A-Z][a-z]{2}( \d{4})? \d{2}:\d{2}$/);
    await shot(page, 'keep-03-last-run-and-dates');
    // Clicking the selected tab again keeps the dock open; the fold button folds it.
    await page.locator('[data-dock-tab="runs"]').click();
    expect(await page.locator('.dock.closed').count()).toBe(0);
    await page.getByRole('button', { name: 'Hide panel' }).click();
    expect(await page.locator('.dock.closed').count()).toBe(1);
    await page.getByRole('button', { name: 'Show panel' }).click();

    expect(await page.getByRole('textbox', { name: 'Graph name', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /fit view/i }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  test('a connection dropped on empty canvas offers the compatible nodes and adds the chosen one, wired', async () => {
    const page = browser.page;
    await openFreshEditor({ server, browser });
    await loadUnsaved(page, { ...smallGraph('Wiring'), nodes: smallGraph('Wiring').nodes.slice(0, 1), edges: [] });
    await page.locator(node('load')).waitFor();
    const from = (await page.locator(handle('load', 'candles', 'source')).boundingBox())!;
    // Below and right of the card, clear of it and of the minimap in the corner.
    const drop = { x: from.x + 100, y: from.y + 150 };
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(drop.x, drop.y, { steps: 12 });
    await page.mouse.up();

    const menu = page.getByRole('dialog', { name: 'Add a connected node' });
    await menu.waitFor();
    expect(await menu.textContent()).toContain('Candles feed indicators');
    await page.getByRole('searchbox', { name: 'Search compatible nodes' }).fill('rsi');
    await shot(page, 'keep-04-connection-help');
    await menu.locator('[data-choice="indicator.rsi.candles"]').click();
    await expect.poll(() => nodeIds(page).then((ids) => ids.length)).toBe(2);
    const doc = (await page.evaluate(() => window.__coinlab!.document())) as { nodes: { id: string; type: string }[]; edges: { source: { node: string; port: string }; target: { node: string; port: string } }[] };
    const rsi = doc.nodes.find((n) => n.type === 'indicator.rsi')!;
    expect(doc.edges).toEqual([expect.objectContaining({ source: { node: 'load', port: 'candles' }, target: { node: rsi.id, port: 'candles' } })]);
    // An indicator's series: the menu says how it reaches the dataset.
    await page.evaluate(() => window.__coinlab!.fitView());
    const out = (await page.locator(handle(rsi.id, 'series', 'source')).boundingBox())!;
    await page.mouse.move(out.x + out.width / 2, out.y + out.height / 2);
    await page.mouse.down();
    await page.mouse.move(out.x + 60, out.y - 100, { steps: 12 });
    await page.mouse.up();
    await menu.waitFor();
    expect(await menu.textContent()).toContain('Build dataset → More features');
    expect(await menu.locator('[data-choice="feature.dataset.extra"]').count()).toBe(1);
    await page.keyboard.press('Escape');
    expect(await menu.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('the plan summary sits above the canvas (nodes stay clickable), folds, and leaves with its graph', async () => {
    const page = browser.page;
    await createGraph(smallGraph('Another saved graph'));
    await openFreshEditor({ server, browser });
    await page.locator('.topbar [data-testid="plan-from-goal"]').click(); // an empty canvas: no question
    await page.locator('#plan-goal').fill('predict when ETH/BTC rises 1% within an hour');
    await page.locator('[data-testid="plan-submit"]').click();
    const summary = page.locator('.plan-summary');
    await summary.waitFor({ timeout: 120_000 });
    const open = (await summary.boundingBox())!;
    const canvas = (await page.locator('.canvas-area').boundingBox())!;
    expect(open.y + open.height).toBeLessThanOrEqual(canvas.y + 1);
    // Every card can be clicked: the summary covers none of them.
    for (const id of await nodeIds(page)) {
      const box = await page.locator(node(id)).boundingBox();
      if (box) expect(box.y).toBeGreaterThanOrEqual(open.y + open.height - 1);
    }
    await selectNode(page, (await nodeIds(page))[0]!);
    await shot(page, 'keep-05-plan-summary-strip');
    // Fitted into what the strip leaves of the canvas, the 15 cards are all in view as full
    // cards with their titles (not the far-out compact ones).
    await expect.poll(() => nodeIds(page).then((ids) => ids.length)).toBe(15);
    expect(await page.evaluate(() => window.__coinlab!.getViewport()!.zoom)).toBeGreaterThanOrEqual(0.4);
    expect(await page.locator('.node-card.compact').count()).toBe(0);
    await shot(page, 'keep-06-plan-fitted');

    await page.getByRole('button', { name: /^Plan · / }).click();
    expect(await summary.locator('.plan-intent').count()).toBe(0);
    expect((await summary.boundingBox())!.height).toBeLessThan(open.height);

    // Another graph on the canvas: the planned one was never saved, so the guard asks first.
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('.pick-list li', { hasText: 'Another saved graph' }).click();
    await page.getByRole('button', { name: 'Discard' }).click();
    await expect.poll(() => page.locator('.graph-name').inputValue()).toBe('Another saved graph');
    expect(await summary.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
