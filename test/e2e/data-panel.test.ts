import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { market5mFiles } from '../support/paths';
import { openFreshEditor, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { shot, showDock } from './editor-helpers';

/**
 * The Data panel: the coins in the database, and candle files imported from the editor —
 * dropped on the panel or picked — with a preview, per-line errors and the list refreshed.
 * The database starts with ETH_BTC only.
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

const panel = '[data-testid="data-panel"]';
const row = (coin: string) => `${panel} .coin-table tr[data-coin="${coin}"]`;
const apiCoins = async () => ((await (await server.api('/coins')).json()) as { coins: { coin: string; rows: number }[] }).coins.map((c) => [c.coin, c.rows]);

describe('Data panel', () => {
  test('lists the coins, imports a dropped JSON file after a preview, refuses a bad CSV line by line, imports a picked CSV under an edited name, deletes a coin', async () => {
    const page = browser.page;
    await openFreshEditor({ server, browser });
    await showDock(page, 'data');
    await expect.poll(() => page.locator(`${row('ETH_BTC')} td`).allTextContents()).toEqual(['ETH_BTC', '2018-01-10 04:55 UTC', '2018-01-30 04:50 UTC', '5 min', '5,760', '0', '🗑']);

    // Drop a ccxt JSON file on the panel: preview first (nothing written yet).
    const ltcFile = market5mFiles().find((f) => f.includes('LTC_BTC'))!;
    const drop = await page.evaluateHandle(
      ({ name, text }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], name, { type: 'application/json' }));
        return dt;
      },
      { name: path.basename(ltcFile), text: readFileSync(ltcFile, 'utf8') },
    );
    await page.dispatchEvent(panel, 'drop', { dataTransfer: drop });
    const card = page.locator('[data-testid="import-card"]');
    await card.waitFor();
    expect(await card.getByLabel('Coin name').inputValue()).toBe('LTC_BTC');
    expect(await card.locator('.import-preview tbody tr').count()).toBe(5);
    expect(await apiCoins()).toEqual([['ETH_BTC', 5760]]);
    await shot(page, 'data-01-preview');
    await card.getByRole('button', { name: 'Import 5,760 candles as LTC_BTC' }).click();
    await expect.poll(() => page.locator(`${panel} .data-message`).textContent()).toBe('LTC_BTC: 5,760 candles from LTC_BTC-5m.json — 5,760 new, 0 updated, 0 unchanged');
    await page.locator(row('LTC_BTC')).waitFor();
    expect(await card.count()).toBe(0);
    expect(await apiCoins()).toEqual([['ETH_BTC', 5760], ['LTC_BTC', 5760]]);

    // A CSV with bad lines, from the file picker: every bad line shown, Import refused.
    const input = page.locator('[data-testid="candle-file-input"]');
    const bad = 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n2024-01-01T01:00:00Z,1,2,3,1,1\n2024-01-01T02:00:00Z,1,2,0.5,1,-4\n';
    await input.setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await card.waitFor();
    await expect.poll(() => card.locator('[data-issue]').evaluateAll((els) => els.map((e) => e.getAttribute('data-issue')))).toEqual(['line 3', 'line 4']);
    expect(await card.locator('[data-issue="line 3"]').textContent()).toMatch(/low/);
    expect(await card.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    await shot(page, 'data-02-bad-lines');
    await card.getByRole('button', { name: 'Cancel' }).click();
    expect(await card.count()).toBe(0);

    // A good hourly CSV, renamed before import; gaps are counted in hours.
    const good = 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n2024-01-01T01:00:00Z,1.5,2,1,1.8,12\n2024-01-01T04:00:00Z,1.8,2,1,1.9,9\n';
    await input.setInputFiles({ name: 'my prices.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await card.waitFor();
    expect(await card.getByLabel('Coin name').inputValue()).toBe('MY_PRICES');
    await card.getByLabel('Coin name').fill('SOL_USD');
    await card.getByRole('button', { name: 'Import 3 candles as SOL_USD' }).click();
    await page.locator(row('SOL_USD')).waitFor();
    expect(await page.locator(`${row('SOL_USD')} td`).allTextContents()).toEqual(['SOL_USD', '2024-01-01 00:00 UTC', '2024-01-01 04:00 UTC', '1 h', '3', '2', '🗑']);

    // Delete asks first; keeping changes nothing, deleting removes the coin everywhere.
    await page.getByRole('button', { name: 'Delete SOL_USD' }).click();
    await page.getByRole('group', { name: 'Delete SOL_USD?' }).getByRole('button', { name: 'Keep' }).click();
    expect(await page.locator(row('SOL_USD')).count()).toBe(1);
    await page.getByRole('button', { name: 'Delete SOL_USD' }).click();
    await shot(page, 'data-03-confirm-delete');
    await page.getByRole('group', { name: 'Delete SOL_USD?' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator(row('SOL_USD')).count()).toBe(0);
    expect(await apiCoins()).toEqual([['ETH_BTC', 5760], ['LTC_BTC', 5760]]);
    expect(errors).toEqual([]);
  });
});
