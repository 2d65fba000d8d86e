import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { fixedScoresNode } from '@coinlab/nodes/testing';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { shot, showAutomations } from './editor-helpers';

/** The Automations view's paper portfolios: a portfolio's paper equity beside its backtest's equity in one chart, graduation, step, pause, stop. */
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
    const id = ((await res.clone().json()) as { portfolio: { id: string } }).portfolio.id;

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
    // The backtest column says which window its figures are over (the API's backtestWindow).
    const window = ((await (await server.api(`/paper/${id}`)).json()) as { portfolio: { backtestWindow: { from: string; to: string; bars: number } | null } }).portfolio.backtestWindow;
    expect(window).not.toBeNull();
    expect(await row.locator('.paper-backtest-window').textContent()).toBe(`over ${window!.from.slice(0, 10)} – ${window!.to.slice(0, 10)}, ${window!.bars.toLocaleString('en-US')} bars`);
    // One chart: the paper equity (a point per paper bar) over the backtest's curve on the same
    // time axis, the paper period shaded, a legend naming both.
    const detail = ((await (await server.api(`/paper/${id}`)).json()) as { portfolio: { backtestCurve: { ts: string; equity: number }[]; equityCurve: { ts: string }[] } }).portfolio;
    const chart = row.locator('.paper-compare');
    expect(await chart.locator('svg').getAttribute('aria-label')).toBe('Paper and backtest equity of eth on paper');
    expect((await chart.locator('.paper-curve-paper').getAttribute('points'))!.split(' ')).toHaveLength(stored.bars);
    expect(detail.backtestCurve.length).toBeGreaterThan(stored.bars);
    // The axis: the paper period after as long a stretch of backtest; the backtest's points in it.
    const first = Date.parse(detail.equityCurve[0]!.ts);
    const from = first - (Date.parse(detail.equityCurve.at(-1)!.ts) - first);
    const inWindow = detail.backtestCurve.filter((b) => Date.parse(b.ts) >= from).length;
    expect(detail.backtestCurve.filter((b) => Date.parse(b.ts) >= first).length).toBeGreaterThanOrEqual(stored.bars);
    expect((await chart.locator('.paper-curve-backtest').getAttribute('points'))!.split(' ')).toHaveLength(inWindow);
    expect(Number(await chart.locator('.paper-band').getAttribute('width'))).toBeGreaterThan(10);
    expect(await chart.locator('.paper-legend').innerText()).toMatch(/paper\s+backtest \(1 at paper start\)\s+paper period/);
    // Both curves end on the same last bar: their last points share an x.
    const lastX = async (cls: string) => (await chart.locator(cls).getAttribute('points'))!.split(' ').at(-1)!.split(',')[0];
    expect(await lastX('.paper-curve-paper')).toBe(await lastX('.paper-curve-backtest'));
    const met = Object.values(stored.graduation.checks).filter((c) => c.met).length;
    expect(await row.locator('.paper-graduation').textContent()).toBe(stored.graduation.ready ? 'ready' : `${met}/3 criteria`);
    // Readable on a laptop screen: shot at 1280x800.
    await page.setViewportSize({ width: 1280, height: 800 });
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
