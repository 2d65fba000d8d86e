import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { shot } from './editor-helpers';
import { openFreshEditor, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';

/** The LLM provider tab: a key saved in the editor comes back masked only, in no response body. */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /ETH_BTC/ }));
});
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

const KEY = `sk-e2e-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}Q7k2`;

describe('LLM provider tab', () => {
  test('saves my key, shows it masked after save and after a reload, and no response carries it', async () => {
    const page = browser.page;
    const bodies: { url: string; status: number; text: string }[] = [];
    const reading: Promise<void>[] = [];
    page.on('response', (res) => {
      reading.push(
        res
          .text()
          .then((text) => void bodies.push({ url: res.url(), status: res.status(), text }))
          .catch(() => undefined),
      );
    });
    await openFreshEditor({ server, browser });
    const panel = page.getByTestId('llm-provider');
    await page.locator('[data-dock-tab="llm"]').click();
    await panel.waitFor();
    await panel.getByLabel('Base URL').fill('http://127.0.0.1:11434/v1');
    await panel.getByLabel('Model').fill('llama3.1');
    await panel.getByLabel('API key').fill(KEY);
    await panel.getByLabel('Input $ / 1M tokens').fill('0.2');
    await panel.getByLabel('Output $ / 1M tokens').fill('0.6');
    await panel.getByRole('button', { name: 'Save' }).click();
    const masked = panel.getByTestId('llm-key-masked');
    await expect.poll(() => masked.textContent()).toBe(`sk-…${KEY.slice(-4)}`);
    expect(await panel.getByLabel('API key').inputValue()).toBe('');
    expect(await panel.getByLabel('API key').getAttribute('type')).toBe('password');
    await expect.poll(() => panel.locator('.llm-source').textContent()).toMatch(/your own provider/);

    await page.reload();
    await page.locator('.palette-item').first().waitFor();
    await page.locator('[data-dock-tab="llm"]').click();
    await expect.poll(() => masked.textContent()).toBe(`sk-…${KEY.slice(-4)}`);
    expect(await panel.getByLabel('Model').inputValue()).toBe('llama3.1');
    expect(await panel.getByLabel('API key').inputValue()).toBe('');
    await shot(page, 'llm-provider-panel');

    await Promise.all(reading);
    expect(bodies.some((b) => b.url.includes('/api/v1/llm/credentials'))).toBe(true);
    expect(bodies.filter((b) => b.text.includes(KEY)).map((b) => b.url)).toEqual([]);
    expect(await page.content()).not.toContain(KEY);
    // Until accounts land the runtime has no /auth/state: the panel reads that 404 as "the local
    // owner", and Chromium logs it. Any other failed request is an error.
    const notFound = bodies.filter((b) => b.status === 404).map((b) => new URL(b.url).pathname);
    expect(notFound.every((p) => p === '/api/v1/auth/state'), notFound.join(', ')).toBe(true);
    expect(errors.filter((e) => !(notFound.length && /status of 404/.test(e)))).toEqual([]);
  });
});
