import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { market5mFiles } from '../support/paths';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { nodeIds, shot, showDock, waitForNodeStatus } from './editor-helpers';

/**
 * Data warnings: a template that loads coins the database lacks is a valid graph, so the
 * Problems tab has no problems, but it warns (amber, counted apart) and names the import
 * command. The database here holds ETH_BTC only.
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

const problemsTab = '[data-dock-tab="problems"]';
const warningRows = '.dock .problem-list li.data-warning';

async function openTemplate(name: string, nodes: number): Promise<void> {
  const page = browser.page;
  await clearEditorStorage(page, server.url);
  // The warnings need the coin list: without it the editor knows nothing about the data.
  const coinList = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/coins' && r.ok());
  await page.goto(server.url);
  await coinList;
  await page.getByRole('button', { name: 'Templates' }).click();
  await page.locator(`[data-template="${name}"]`).click();
  await expect.poll(() => nodeIds(page).then((ids) => ids.length)).toBe(nodes);
  await showDock(page, 'problems');
}

describe('data warnings', () => {
  test('a template whose coins are all imported has neither problems nor warnings', async () => {
    const page = browser.page;
    await openTemplate('indicator-exploration', 15);
    // Checked once the coin list is in and the graph validated: the dock says it is ready.
    await expect.poll(() => page.locator('.dock-body').textContent()).toBe('No problems: the graph is ready to run.');
    expect(await page.locator(`${problemsTab} .count`).count()).toBe(0);
    expect(await page.locator(`${problemsTab} .warn-count`).count()).toBe(0);
    expect(await page.locator(warningRows).count()).toBe(0);
    await shot(page, 'dw-01-imported-no-warnings');
    expect(errors).toEqual([]);
  });

  test('a template naming coins that are not imported warns without blocking; an import clears its warning on focus', async () => {
    const page = browser.page;
    await openTemplate('predict-rise', 14);
    const messages = () => page.locator(`${warningRows} .problem-msg`).allTextContents();
    await expect.poll(messages).toEqual([
      'LTC_BTC is not in the database — import its candles in the Data panel (drop a JSON or CSV file of LTC_BTC there)',
      'XLM_BTC is not in the database — import its candles in the Data panel (drop a JSON or CSV file of XLM_BTC there)',
    ]);
    expect(await page.locator(`${warningRows} .problem-where`).allTextContents()).toEqual(['Load candles › Coins', 'Load candles › Coins']);
    expect(await page.locator(`${warningRows} button`).allTextContents()).toEqual(['Open Data panel', 'Open Data panel']);
    // Not a graph problem: the red count stays away, the amber badge counts the warnings.
    expect(await page.locator(`${problemsTab} .count`).count()).toBe(0);
    expect(await page.locator(`${problemsTab} .warn-count`).textContent()).toBe('⚠ 2');
    expect(await page.locator('[data-testid="data-warning-note"]').textContent()).toMatch(/^The graph is valid, but data is missing/);
    expect(await page.locator('.dock-body').textContent()).not.toMatch(/ready to run/);
    expect(await page.evaluate(() => window.__coinlab!.problems())).toEqual([]);
    // The card that loads the missing coins carries the amber mark, and only that card.
    await expect.poll(() => page.locator('.node-card:has([data-data-warning])').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')))).toEqual(['load']);
    await shot(page, 'dw-02-missing-coins-warned');

    // Candles imported elsewhere (the CLI, another tab) show up when the window regains focus.
    const ltc = market5mFiles().find((f) => f.includes('LTC_BTC'))!;
    const imported = await server.api('/candles/import?coin=LTC_BTC&format=json', { method: 'POST', body: readFileSync(ltc, 'utf8') });
    expect(imported.status).toBe(200);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect.poll(messages).toEqual(['XLM_BTC is not in the database — import its candles in the Data panel (drop a JSON or CSV file of XLM_BTC there)']);
    expect(await page.locator(`${problemsTab} .warn-count`).textContent()).toBe('⚠ 1');

    // Run is not blocked: a toast says what will fail, and the run fails at the load node.
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect.poll(() => page.locator('.toast').allTextContents()).toContainEqual(expect.stringContaining('Running without data for XLM_BTC'));
    await shot(page, 'dw-03-run-with-warnings-toast');
    await waitForNodeStatus(page, 'load', ['failed'], 60_000);
    await expect.poll(() => page.locator('.dock .log-line').allTextContents()).toContainEqual(expect.stringContaining('unknown coin XLM_BTC; available: ETH_BTC, LTC_BTC'));
    expect(errors).toEqual([]);
  });
});
