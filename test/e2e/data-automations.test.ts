import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { marketCandles, startFakeExchange, type FakeExchange } from '../support/fake-exchange';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { shot, showAutomations } from './editor-helpers';

/** The Automations view's data automations: a refresh schedule, and running the open graph on new data. */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];
let fake: FakeExchange;

beforeAll(async () => {
  fake = await startFakeExchange({ symbols: { ETHBTC: marketCandles('ETH_BTC', 10) } });
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /ETH_BTC/, server: { exchange: { baseUrls: { binance: fake.url }, retries: 1, retryBaseMs: 20 }, triggerPollMs: 0 } }));
});
afterAll(async () => {
  await stopEditorEnv({ server, browser, editorDir });
  await fake?.close();
});
afterEach(shotOnFailure(() => browser?.page));

const panel = '[data-testid="data-automations"]';

describe('Automations view: data automations', () => {
  test('schedules a refresh (an unknown pair refused naming it), and runs the open graph once when newer candles arrive', async () => {
    const page = browser.page;
    const document = { version: 2, name: 'eth watch', nodes: [{ id: 'candles', type: 'data.load_candles', typeVersion: 1, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } }], edges: [] };
    const graphId = ((await (await server.api('/graphs', { method: 'POST', json: { document } })).json()) as { graph: { id: string } }).graph.id;
    await clearEditorStorage(page, server.url);
    await page.goto(`${server.url}/?graph=${graphId}`);
    await page.locator('.palette-item').first().waitFor();
    await showAutomations(page, 'schedules');
    const form = page.locator(`${panel} .data-automation-form`);

    await form.getByLabel('Pairs').fill('eth/btc, doge/btc');
    await form.getByRole('button', { name: 'Schedule refresh' }).click();
    await expect.poll(() => page.locator(`${panel} .data-automation-message.bad`).textContent()).toMatch(/refresh\.pairs\[1\]: unknown pair "DOGE\/BTC" on binance/);
    expect(((await (await server.api('/schedules')).json()) as { schedules: unknown[] }).schedules).toHaveLength(0);

    await form.getByLabel('Pairs').fill('ETH/BTC');
    await form.getByRole('button', { name: 'Schedule refresh' }).click();
    await expect.poll(() => page.locator('[data-testid="schedules-panel"] .schedule-table').first().textContent()).toContain('refresh binance ETH/BTC');

    await form.getByRole('button', { name: 'Run “eth watch” on new data' }).click();
    const row = page.locator(`${panel} .trigger-table tbody tr`);
    await expect.poll(() => row.first().textContent()).toContain('ETH_BTC');
    const [trigger] = ((await (await server.api('/data-triggers')).json()) as { triggers: { id: string; watermark: string }[] }).triggers;

    // Three bars newer than any stored arrive through an import: one run.
    const last = Date.parse(trigger!.watermark);
    const bars = [1, 2, 3].map((i) => [last + i * 300_000, 0.1, 0.11, 0.09, 0.1, 5]);
    const imported = await server.api('/candles/import?coin=ETH_BTC&format=json', { method: 'POST', body: JSON.stringify(bars), headers: { 'content-type': 'application/json' } });
    expect(imported.status).toBe(200);
    await expect.poll(() => row.first().locator('td').nth(3).textContent(), { timeout: 30_000 }).toBe('succeeded');
    const runs = (await server.runtime.store.runs.list({ graphId, limit: 10 })).filter((r) => r.trigger.startsWith('data:'));
    expect(runs).toHaveLength(1);
    await shot(page, 'data-automations-01');

    await row.first().getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => row.first().locator('td').nth(2).textContent()).toBe('paused');
    await row.first().getByRole('button', { name: 'Delete trigger eth watch' }).click();
    await expect.poll(() => page.locator(`${panel} .trigger-table`).count()).toBe(0);
    // The refused pair is the one 400 the browser logs.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    expect(errors.filter((e) => e.includes('status of 400'))).toHaveLength(1);
  });
});
