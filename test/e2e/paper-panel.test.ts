import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { fixedScoresNode } from '@coinlab/nodes/testing';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { shot, showAutomations } from './editor-helpers';

/** The Automations view's paper portfolios: a portfolio's paper equity beside its backtest, graduation, step, pause, stop. */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /ETH_BTC/, server: { extraNodes: [fixedScoresNode] } }));
});
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

const panel = '[data-testid="paper-panel"]';
const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({ id, type, typeVersion: type === 'data.load_candles' ? 2 : 1, params, position: { x: 0, y: 0 } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ source: { node: from, port: fromPort }, target: { node: to, port: toPort } });

describe('Automations view: paper', () => {
  test('shows a stepped portfolio with its paper equity beside the backtest, and pauses, resumes and stops it', async () => {
    const page = browser.page;
    const document = {
      version: 2,
      name: 'promoted',
      nodes: [node('candles', 'data.load_candles', { coins: ['ETH_BTC'] }), node('model', 'test.fixed_scores'), node('bt', 'backtest.long_flat', { chart: false })],
      edges: [edge('candles', 'candles', 'model', 'candles'), edge('model', 'predictions', 'bt', 'predictions'), edge('candles', 'candles', 'bt', 'candles')],
    };
    const graphId = ((await (await server.api('/graphs', { method: 'POST', json: { document } })).json()) as { graph: { id: string } }).graph.id;
    const newest = ((await (await server.api('/coins')).json()) as { coins: { coin: string; lastTs: number }[] }).coins.find((c) => c.coin === 'ETH_BTC')!.lastTs;
    // Start a day before the newest stored bar: the first step trades that day on paper.
    const start = new Date(newest - 86_400_000).toISOString();
    const res = await server.api('/paper', { method: 'POST', json: { name: 'eth on paper', graphId, start, criteria: { minDays: 0.5, minTrades: 1, minSharpe: -100 } } });
    expect(res.status, await res.clone().text()).toBe(201);

    await clearEditorStorage(page, server.url);
    await page.goto(server.url);
    await page.locator('.palette-item').first().waitFor();
    await showAutomations(page, 'paper');
    const row = page.locator(`${panel} .paper-table tbody tr`).first();
    await row.waitFor();
    expect(await row.locator('.paper-record').textContent()).toMatch(/\+0\.00% · 0 trades · Sharpe 0\.00 · 0 bars/);
    expect(await row.locator('.paper-backtest').textContent()).toBe('—');

    await row.getByRole('button', { name: 'Step now' }).click();
    await expect.poll(() => row.locator('.paper-record').textContent(), { timeout: 60_000 }).not.toMatch(/ · 0 bars$/);
    const stored = ((await (await server.api('/paper')).json()) as { portfolios: { bars: number; stats: { trades: number }; backtest: { trades: number } | null; graduation: { ready: boolean; checks: Record<string, { met: boolean }> } }[] }).portfolios[0]!;
    expect(stored.bars).toBeGreaterThan(100);
    expect(await row.locator('.paper-record').textContent()).toMatch(new RegExp(` · ${stored.stats.trades} trades · Sharpe -?\\d+\\.\\d\\d · ${stored.bars} bars$`));
    expect(stored.backtest).not.toBeNull();
    expect(await row.locator('.paper-backtest').textContent()).toContain(`${stored.backtest!.trades} trades`);
    expect((await row.locator('.paper-spark polyline').getAttribute('points'))!.split(' ')).toHaveLength(stored.bars);
    const met = Object.values(stored.graduation.checks).filter((c) => c.met).length;
    expect(await row.locator('.paper-graduation').textContent()).toBe(stored.graduation.ready ? 'ready' : `${met}/3 criteria`);
    await shot(page, 'paper-01-stepped');

    await row.getByRole('button', { name: 'Pause' }).click();
    await row.getByRole('button', { name: 'Resume' }).waitFor();
    await row.getByRole('button', { name: 'Resume' }).click();
    await row.getByRole('button', { name: 'Pause' }).waitFor();
    await row.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => row.getByRole('button').count()).toBe(0);
    expect(((await (await server.api('/paper')).json()) as { portfolios: { status: string }[] }).portfolios[0]!.status).toBe('stopped');
    expect(errors).toEqual([]);
  });
});
