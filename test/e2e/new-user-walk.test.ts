import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { decodeValue, formatPercent } from '@coinlab/shared';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { market5mFiles } from '../support/paths';
import { openFreshEditor, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { documentNodeIds, selectNode, shot, showDock, waitForNodeStatus } from './editor-helpers';

/**
 * What a new user does first, end to end in Debian's Chromium against the real runtime on a
 * new, empty embedded data folder: import a candle file from the Data tab, plan a fall goal
 * in their own words (asking to approve), run it, approve at the gate, and read the result:
 * the backtest is flat when a fall is predicted, and the report says so with the backtest's
 * own total return.
 */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];

beforeAll(async () => {
  // No coin matches: the database starts empty, as a new user's does.
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /^$/ }));
}, 180_000);
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

const panel = '[data-testid="data-panel"]';
const row = (coin: string) => `${panel} .coin-table tr[data-coin="${coin}"]`;
const apiCoins = async () => ((await (await server.api('/coins')).json()) as { coins: { coin: string; rows: number }[] }).coins.map((c) => [c.coin, c.rows]);

interface BacktestOutput {
  kind: string;
  model: string;
  direction: string;
  rule: string;
  stats: { totalReturn: number };
}

describe('a new user walks from an empty data folder to a report', () => {
  test('imports candles, plans a fall goal, approves at the gate, and the backtest and report agree', { timeout: 600_000 }, async () => {
    const page = browser.page;
    expect(await apiCoins()).toEqual([]);
    await openFreshEditor({ server, browser });

    // 1. Import one real candle file from the Data tab.
    await showDock(page, 'data');
    const ethFile = market5mFiles().find((f) => f.includes('ETH_BTC'))!;
    const input = page.locator('[data-testid="candle-file-input"]');
    await input.setInputFiles({ name: path.basename(ethFile), mimeType: 'application/json', buffer: readFileSync(ethFile) });
    const card = page.locator('[data-testid="import-card"]');
    await card.waitFor();
    expect(await card.getByLabel('Coin name').inputValue()).toBe('ETH_BTC');
    await card.getByRole('button', { name: 'Import 5,760 candles as ETH_BTC' }).click();
    await expect.poll(() => page.locator(`${panel} .data-message`).textContent(), { timeout: 60_000 }).toBe('ETH_BTC: 5,760 candles from ETH_BTC-5m.json — 5,760 new, 0 updated, 0 unchanged');
    await page.locator(row('ETH_BTC')).waitFor();
    expect(await page.locator(`${row('ETH_BTC')} td`).first().textContent()).toBe('ETH_BTC');
    expect(await apiCoins()).toEqual([['ETH_BTC', 5760]]);
    await shot(page, 'walk-01-imported');

    // 2. Plan a fall goal in the user's words; "ask me" puts a person at the model choice.
    const goal = 'does ETH/BTC drop more than 1.5% over the next 2 hours? ask me before training';
    await page.locator('.topbar [data-testid="plan-from-goal"]').click();
    await page.locator('#plan-goal').fill(goal);
    await page.locator('[data-testid="plan-submit"]').click();
    const summary = page.locator('.plan-summary');
    await summary.waitFor({ timeout: 120_000 });
    const intent = (await summary.locator('.plan-intent').textContent()) ?? '';
    expect(intent).toMatch(/ETH_BTC/);
    expect(intent).toMatch(/fall ≥ 1\.5% within/);
    expect(intent).toMatch(/approval required/);
    expect(await summary.locator('[data-dry-run]').getAttribute('data-dry-run')).toBe('ok');
    // The graph's node ids from the document (the canvas renders only the nodes in view).
    const ids = await documentNodeIds(page);
    const backtestId = ids.find((id) => /backtest/.test(id) && !/gate/.test(id));
    expect(backtestId).toBeTruthy();
    expect(ids).toEqual(expect.arrayContaining(['approve_model', 'report']));
    await shot(page, 'walk-02-planned');

    // 3. Run; the run waits at the gate; approve in the editor's approval tray.
    await page.getByRole('button', { name: '▶ Run' }).click();
    await waitForNodeStatus(page, 'approve_model', ['awaiting'], 300_000);
    const trayCard = page.locator('.approval-tray .approval-card[data-approval-node="approve_model"]');
    await trayCard.waitFor({ timeout: 60_000 });
    await shot(page, 'walk-03-awaiting');
    await trayCard.locator('[data-decision="approve"]').click();
    for (const id of [backtestId!, 'report']) await waitForNodeStatus(page, id, ['succeeded'], 300_000);
    await expect.poll(() => page.locator('[data-run-status]').getAttribute('data-run-status'), { timeout: 120_000 }).toBe('succeeded');
    const runId = new URL(page.url()).searchParams.get('run');
    expect(runId).toBeTruthy();

    // 4. The backtest is flat when a fall is predicted, in its output and in the inspector.
    const outputs = decodeValue(await (await server.api(`/runs/${runId}/nodes/${backtestId}/outputs`)).text()) as { outputs: { backtest: BacktestOutput } };
    const backtest = outputs.outputs.backtest;
    expect(backtest.kind).toBe('backtest');
    expect(backtest.direction).toBe('fall');
    expect(backtest.rule).toMatch(/^flat when a fall is predicted \(score ≥ [\d.]+\), long otherwise$/);
    expect(Number.isFinite(backtest.stats.totalReturn)).toBe(true);
    const totalReturn = formatPercent(backtest.stats.totalReturn);

    await selectNode(page, backtestId!);
    await page.getByRole('button', { name: /^Outputs/ }).click();
    const shown = page.locator('[data-output-port="backtest"] .value-view');
    await shown.waitFor({ timeout: 60_000 });
    expect(await shown.textContent()).toContain(`Rule: ${backtest.rule}`);
    expect(await shown.locator('.kv tr', { hasText: 'totalReturn' }).locator('td').textContent()).toBe(totalReturn);
    await shot(page, 'walk-04-backtest-output');

    // 5. The report states the rule and the backtest's own total return.
    const artifacts = (await (await server.api(`/runs/${runId}/artifacts`)).json()) as { artifacts: { id: string; nodeId: string; contentType: string; name: string }[] };
    const md = artifacts.artifacts.find((a) => a.nodeId === 'report' && /markdown/.test(a.contentType));
    expect(md, JSON.stringify(artifacts.artifacts.map((a) => [a.nodeId, a.name, a.contentType]))).toBeTruthy();
    const report = await (await server.api(`/artifacts/${md!.id}`)).text();
    expect(report).toContain(`Trading rule of ${backtest.model}: ${backtest.rule}.`);
    const btRow = report.split('\n').find((l) => l.startsWith(`| ${backtest.model} |`) && l.includes(totalReturn));
    expect(btRow, report).toBeTruthy();
    expect(btRow!.split('|').map((c) => c.trim())[2]).toBe(totalReturn); // the "total return" column
    expect(errors).toEqual([]);
  });
});
