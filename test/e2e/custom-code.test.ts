import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { openFreshEditor, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { connect, dragFromPalette, node, nodeIds, selectNode, shot, waitForNodeStatus } from './editor-helpers';

// The sandboxed code node as a user meets it: dragged from the palette, its worked example
// shown as code to edit, an error pointing to the line, then a fixed version that runs.

let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /ETH_BTC/ }));
});
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

describe('custom feature in code', () => {
  test('edits the code in the inspector; an error names its line on the card; the fixed code runs', async () => {
    const page = browser.page;
    await openFreshEditor({ server, browser });
    await dragFromPalette(page, 'data.load_candles', 150, 140);
    await dragFromPalette(page, 'feature.custom_code', 480, 140);
    const ids = await nodeIds(page);
    const code = ids.find((id) => id.startsWith('custom_code'))!;
    expect(code).toBeDefined();
    await connect(page, { node: 'load_candles_1', port: 'candles' }, { node: code, port: 'candles' });

    await selectNode(page, code);
    const editor = page.locator(`#p-${code}-code`);
    // The worked example is the text to edit, in a code field.
    await expect.poll(() => editor.inputValue()).toContain('close[i] / close[i - 12] - 1');
    expect(await editor.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono/i);
    await editor.fill('const n = close.length;\nreturn close.map((c) => c.nope.deeper);');
    await page.getByRole('button', { name: '▶ Run' }).click();
    await waitForNodeStatus(page, code, ['failed'], 90_000);
    await expect.poll(() => page.locator(`${node(code)} .node-error`).textContent()).toMatch(/line 2: TypeError/);
    await shot(page, 'code-01-error-line');

    await selectNode(page, code);
    await editor.fill('return close.map((c, i) => (high[i] - low[i]) / c);');
    await page.getByRole('button', { name: '▶ Run' }).click();
    await waitForNodeStatus(page, code, ['succeeded'], 90_000);
    await selectNode(page, code);
    await shot(page, 'code-02-ran');
    expect(errors).toEqual([]);
  });
});
