import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { waitChain } from '../support/graphs';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';

/** The Audit tab of the Automations view: what was changed shows, and a filter narrows it. */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;

beforeAll(async () => {
  ({ server, browser, editorDir } = await startEditorEnv({ coins: /ETH_BTC/ }));
});
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

const view = '[data-testid="automations-view"]';

describe('Audit tab', () => {
  test('shows the changes with their client and filters them by action', async () => {
    const page = browser.page;
    const created = (await (await server.api('/graphs', { method: 'POST', json: { document: waitChain(1, 0.01) }, headers: { 'X-Coinlab-Client': 'cli' } })).json()) as { graph: { id: string } };
    expect((await server.api(`/graphs/${created.graph.id}`, { method: 'PUT', json: { document: waitChain(2, 0.01) } })).status).toBe(200);
    await clearEditorStorage(page, server.url);
    await page.goto(`${server.url}/?graph=${created.graph.id}`);
    await page.locator('.palette-item').first().waitFor();
    await page.getByTestId('automations-toggle').click();
    await page.locator(`${view} [data-automations-section="audit"]`).click();
    const rows = page.locator(`${view} tr[data-audit-action]`);
    // The lab's set-up and the browser's sign-in are in the log too (newer ones first, after the graph's).
    const graphActions = () => rows.evaluateAll((trs) => trs.map((t) => t.getAttribute('data-audit-action')).filter((a) => a?.startsWith('graphs.')));
    await expect.poll(graphActions).toEqual(['graphs.update', 'graphs.create']);
    expect(await page.locator(`${view} tr[data-audit-action="graphs.create"] td`).nth(1).textContent()).toBe('cli');
    await page.getByLabel('Action').fill('graphs.create');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(async () => rows.evaluateAll((trs) => trs.map((t) => t.getAttribute('data-audit-action')))).toEqual(['graphs.create']);
  });
});
