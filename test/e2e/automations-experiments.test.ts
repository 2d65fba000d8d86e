import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { syntheticBacktestNode, syntheticGraph } from '../../runtime/src/experiments/testing/synthetic-backtest';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { shot, showAutomations } from './editor-helpers';

/**
 * The Automations view's Experiments section: start a research loop on the open saved graph
 * (the synthetic backtest node iterates in milliseconds), watch iterations arrive over the
 * socket, and see it stop at its iteration limit with a champion.
 */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /ETH_BTC/, server: { extraNodes: [syntheticBacktestNode] } }));
});
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

const section = '[data-testid="experiments-section"]';
/** The filled form at the project's reference size, for a person to look at. */
async function shotForm(): Promise<void> {
  const page = browser.page;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator(`${section} .experiment-form`).scrollIntoViewIfNeeded();
  await shot(page, 'automations-00-experiment-form');
  if (size) await page.setViewportSize(size);
}

describe('Automations view: experiments', () => {
  test('creates an experiment from the param schemas, shows iterations live in the chart and leaderboard, and sees it stop', async () => {
    const page = browser.page;
    const res = await server.api('/graphs', { method: 'POST', json: { document: { ...syntheticGraph, name: 'synthetic search' } } });
    const graphId = ((await res.json()) as { graph: { id: string } }).graph.id;
    await clearEditorStorage(page, server.url);
    await page.goto(`${server.url}/?graph=${graphId}`);
    await page.locator('.palette-item').first().waitFor();
    await showAutomations(page, 'experiments');
    const form = page.locator(`${section} .experiment-form`);
    await form.getByText('Search “synthetic search”').waitFor();
    // Offered from the node's params schema: x float 0..1, k int 1..10, kind a|b|c (delayMs is the cluster test's slow-down).
    await expect.poll(async () => (await form.locator('.search-params label').allTextContents()).map((t) => t.trim())).toEqual(['bt.x float 0..1', 'bt.k int 1..10', 'bt.kind a|b|c', 'bt.delayMs int 0..10000']);

    // Nothing picked: the server's 400 names the field, and nothing is stored.
    await form.getByRole('button', { name: 'Start experiment' }).click();
    await expect.poll(() => form.locator('.experiment-message.bad').textContent()).toMatch(/^searchSpace: /);
    expect(((await (await server.api('/experiments')).json()) as { experiments: unknown[] }).experiments).toHaveLength(0);

    await form.getByLabel('Search bt.x').check();
    await form.getByLabel('Search bt.kind').check();
    // Narrow x inside its schema bounds with a step; a max beyond them is marked at its input and nothing is sent.
    const range = form.locator('.range-row[data-param="bt.x"]');
    expect(await form.getByLabel('bt.x min').inputValue()).toBe('0');
    await form.getByLabel('bt.x min').fill('0.2');
    await form.getByLabel('bt.x max').fill('2');
    await form.getByLabel('bt.x step').fill('0.05');
    await form.getByRole('button', { name: 'Start experiment' }).click();
    await expect.poll(() => range.locator('.field-problem').textContent()).toBe('must be within 0..1');
    expect(await form.getByLabel('bt.x max').getAttribute('aria-invalid')).toBe('true');
    expect(((await (await server.api('/experiments')).json()) as { experiments: unknown[] }).experiments).toHaveLength(0);
    await form.getByLabel('bt.x max').fill('0.6');
    expect(await range.locator('.field-problem').count()).toBe(0);
    // The quality gate and limits sit in a fold; only the filled fields are sent.
    await form.getByText('Quality gate, limits and stop rules').click();
    await form.getByLabel('min Sharpe').fill('0');
    await form.getByLabel('max drawdown (0–1)').fill('0.5');
    await form.getByLabel('wall clock (h)').fill('2');
    await shotForm();
    expect(await form.getByLabel('Objective metric').inputValue()).toBe('sharpe');
    await form.getByLabel('Search from').fill('2026-01-01');
    await form.getByLabel('Holdout from').fill('2026-02-01');
    await form.getByLabel('Holdout to').fill('2026-02-20');
    await form.getByLabel('Max iterations').fill('8');
    await form.getByLabel('Auto-approve', { exact: true }).check();
    await form.getByRole('button', { name: 'Start experiment' }).click();

    const detail = page.locator(`${section} [data-testid="experiment-detail"]`);
    await detail.waitFor();
    const stored = ((await (await server.api('/experiments')).json()) as { experiments: { id: string; spec: { searchSpace: unknown[]; stopRules: { maxIterations: number }; autoApprove: { enabled: boolean } } }[] }).experiments;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.spec.searchSpace).toEqual([
      { node: 'bt', param: 'x', type: 'float', min: 0.2, max: 0.6, step: 0.05, scale: 'linear' },
      { node: 'bt', param: 'kind', type: 'choice', values: ['a', 'b', 'c'] },
    ]);
    expect(stored[0]!.spec).toMatchObject({
      constraints: { minSharpe: 0, maxDrawdown: 0.5 },
      limits: { maxIterationsPerDay: 100, cooldownSeconds: 0, llmDailyBudgetUsd: 0, wallClockSeconds: 7200 },
      stopRules: { maxIterations: 8, minImprovement: 0 },
      autoApprove: { enabled: true },
    });
    expect(Object.keys((stored[0]!.spec as unknown as { constraints: object }).constraints).sort()).toEqual(['maxDrawdown', 'minSharpe']);

    // Iterations arrive: seen growing (more than one distinct count) before it stops.
    const counts = new Set<number>();
    const leaderboardRows = detail.locator('[data-testid="leaderboard"] tbody tr');
    await expect
      .poll(
        async () => {
          counts.add(await leaderboardRows.count());
          return detail.getAttribute('data-status');
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe('finished');
    expect(counts.size).toBeGreaterThan(1);
    expect(await leaderboardRows.count()).toBe(8);
    expect(await detail.locator('[data-testid="objective-chart"] circle.point').count()).toBe(8);
    // Best first: the objectives down the leaderboard never rise.
    const objectives = (await leaderboardRows.locator('td:nth-child(2)').allTextContents()).map(Number);
    expect([...objectives].sort((a, b) => b - a)).toEqual(objectives);
    await expect.poll(() => detail.locator('.stop-reason').textContent()).toMatch(/8/);
    await expect.poll(() => detail.locator('[data-testid="champion"]').textContent()).toMatch(/Champion: #\d+ bt\.x=/);
    const row = page.locator(`${section} .experiment-table tbody tr`).first();
    expect(await row.locator('.status').textContent()).toBe('finished');
    expect(await row.locator('.iterations').textContent()).toBe('8/8');
    await detail.scrollIntoViewIfNeeded();
    await shot(page, 'automations-01-experiment-finished');
    // The empty search space is the one 400 the browser logs.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  });

  test('creates an experiment with a log-scale range and a narrowed choice, a server problem shown at its field, and sees it run', async () => {
    const page = browser.page;
    // Saved with k = 10: kind "c" is then refused by the node's own cross-field rule, which only the server checks.
    const document = { ...syntheticGraph, name: 'log search', nodes: syntheticGraph.nodes.map((n) => ({ ...n, params: { k: 10 } })) };
    const graphId = ((await (await server.api('/graphs', { method: 'POST', json: { document } })).json()) as { graph: { id: string } }).graph.id;
    const before = ((await (await server.api('/experiments')).json()) as { experiments: unknown[] }).experiments.length;
    await page.goto(`${server.url}/?graph=${graphId}`);
    await page.locator('.palette-item').first().waitFor();
    await showAutomations(page, 'experiments');
    const form = page.locator(`${section} .experiment-form`);
    await form.getByText('Search “log search”').waitFor();
    await form.getByLabel('Search bt.x').check();
    await form.getByLabel('Search bt.kind').check();
    await form.getByLabel('bt.x min').fill('0.01');
    await form.getByLabel('bt.x scale').selectOption('log');
    const choice = form.locator('.choice-row[data-param="bt.kind"]');
    expect(await choice.getByRole('checkbox').count()).toBe(3);
    await form.getByLabel('Search from').fill('2026-01-01');
    await form.getByLabel('Holdout from').fill('2026-02-01');
    await form.getByLabel('Holdout to').fill('2026-02-20');
    await form.getByLabel('Max iterations').fill('6');
    await form.getByRole('button', { name: 'Start experiment' }).click();
    // The server's 400 names searchSpace[1].values[2]: shown in the kind row, nothing stored.
    await expect.poll(() => choice.locator('.field-problem').textContent()).toMatch(/"c" is outside the schema of bt\.kind.*at most 9 with kind "c"/);
    expect(await form.locator('.experiment-message.bad').textContent()).toContain('searchSpace[1].values[2]');
    expect(await form.locator('.range-row .field-problem').count()).toBe(0);
    expect(((await (await server.api('/experiments')).json()) as { experiments: unknown[] }).experiments).toHaveLength(before);
    // Narrowed to a and b: the mark goes, and the experiment starts.
    await form.getByLabel('bt.kind value c').uncheck();
    expect(await choice.locator('.field-problem').count()).toBe(0);
    await shotForm();
    await form.getByRole('button', { name: 'Start experiment' }).click();

    const detail = page.locator(`${section} [data-testid="experiment-detail"]`);
    await detail.waitFor();
    const stored = ((await (await server.api('/experiments')).json()) as { experiments: { id: string; graphId: string; spec: { searchSpace: unknown[] } }[] }).experiments.find((e) => e.graphId === graphId)!;
    expect(stored.spec.searchSpace).toEqual([
      { node: 'bt', param: 'x', type: 'float', min: 0.01, max: 1, scale: 'log' },
      { node: 'bt', param: 'kind', type: 'choice', values: ['a', 'b'] },
    ]);
    await expect.poll(() => detail.getAttribute('data-status'), { timeout: 60_000, interval: 100 }).toBe('finished');
    expect(await detail.locator('[data-testid="leaderboard"] tbody tr').count()).toBe(6);
    const leaderboard = ((await (await server.api(`/experiments/${stored.id}`)).json()) as { leaderboard: { params: Record<string, unknown> }[] }).leaderboard;
    expect(leaderboard).toHaveLength(6);
    for (const it of leaderboard) {
      expect(['a', 'b']).toContain(it.params['bt.kind']);
      expect(it.params['bt.x']).toBeGreaterThanOrEqual(0.01);
    }
    await shot(page, 'automations-02-experiment-log-scale');
  });

  test('pauses, resumes and stops an experiment from its detail', async () => {
    const page = browser.page;
    const graphId = ((await (await server.api('/graphs', { method: 'POST', json: { document: { ...syntheticGraph, name: 'slow search' } } })).json()) as { graph: { id: string } }).graph.id;
    // A long cooldown: after its first iteration it waits, so every state is seen.
    const created = await server.api('/experiments', {
      method: 'POST',
      json: { name: 'slow', graphId, searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0, max: 1 }], objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' }, evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20' }, limits: { cooldownSeconds: 3600 } },
    });
    const id = ((await created.json()) as { experiment: { id: string } }).experiment.id;
    const status = async () => ((await (await server.api(`/experiments/${id}`)).json()) as { experiment: { status: string } }).experiment.status;
    await page.goto(`${server.url}/?graph=${graphId}`);
    await page.locator('.palette-item').first().waitFor();
    await showAutomations(page, 'experiments');
    await page.locator(`${section} tr[data-experiment="${id}"]`).click();
    const detail = page.locator(`${section} [data-testid="experiment-detail"]`);
    await expect.poll(() => detail.getAttribute('data-status')).toBe('running');
    await detail.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('paused');
    expect(await status()).toBe('paused');
    await detail.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('running');
    await detail.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('paused');
    await detail.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('stopped');
    expect(await status()).toBe('stopped');
    expect(await detail.getByRole('button').count()).toBe(0);
  });
});
