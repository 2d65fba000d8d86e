import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { failingGraph, listAlerts } from '../support/alerts';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { shot } from './editor-helpers';

/** The alert bell: a run that fails shows up live; acknowledging it (and all) clears the count. */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];

beforeAll(async () => {
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /ETH_BTC/ }));
});
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

describe('Alert bell', () => {
  test('a run started from the editor fails: its alert appears live under the bell and is acknowledged there', async () => {
    const page = browser.page;
    const res = await server.api('/graphs', { method: 'POST', json: { document: failingGraph('doomed in the browser') } });
    const graphId = ((await res.json()) as { graph: { id: string } }).graph.id;
    await clearEditorStorage(page, server.url);
    await page.goto(`${server.url}/?graph=${graphId}`);
    await page.locator('.palette-item').first().waitFor();
    const bell = page.getByTestId('alert-bell');
    await bell.waitFor();
    expect(await page.getByTestId('alert-count').count()).toBe(0);

    await page.getByRole('button', { name: '▶ Run' }).click();
    await page.locator('[data-run-status="failed"]').waitFor({ timeout: 60_000 });
    // Live: no reload, the server's 'alerts:changed' brings it.
    await expect.poll(() => page.getByTestId('alert-count').textContent(), { timeout: 30_000 }).toBe('1');
    await bell.click();
    const item = page.locator('[data-testid="alert-popover"] .alert-item');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.first().getAttribute('data-alert-kind')).toBe('run_failed');
    expect(await item.first().locator('.alert-message').textContent()).toMatch(/^Run [0-9a-f]{8} of "doomed in the browser" \(editor\) failed: node "load" failed: params.coins: unknown coin NOPE_BTC/);
    const alertId = await item.first().getAttribute('data-alert-id');
    await shot(page, 'alerts-01-open');

    await item.first().getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.getByTestId('alert-count').count()).toBe(0);
    await page.locator('[data-testid="alert-popover"] .alert-empty').waitFor();
    const stored = (await listAlerts(server, '?all=1')).alerts.find((a) => a.id === alertId);
    expect(stored).toMatchObject({ kind: 'run_failed', acknowledgedBy: 'Owner' }); // the signed-in user's name
    expect(stored!.acknowledgedAt).not.toBeNull();

    // Two more fail elsewhere (the API): the open bell lists them live; "Acknowledge all" clears both.
    for (const name of ['first elsewhere', 'second elsewhere']) await server.api('/runs', { method: 'POST', json: { document: failingGraph(name) } });
    await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(2);
    expect(await page.getByTestId('alert-count').textContent()).toBe('2');
    await page.getByRole('button', { name: 'Acknowledge all' }).click();
    await expect.poll(() => page.getByTestId('alert-count').count()).toBe(0);
    expect((await listAlerts(server)).unacknowledged).toBe(0);
    await shot(page, 'alerts-02-all-acknowledged');

    // The full list is one click away: the bell opens the Automations view at its Alerts section.
    await server.api('/runs', { method: 'POST', json: { document: failingGraph('third elsewhere') } });
    await expect.poll(() => page.getByTestId('alert-count').textContent(), { timeout: 30_000 }).toBe('1');
    await page.getByRole('button', { name: 'Open in Automations' }).click();
    await page.locator('[data-testid="automations-view"][data-section="alerts"]').waitFor();
    expect(await page.getByTestId('alert-popover').count()).toBe(0);
    const listed = page.locator('[data-testid="alerts-section"] .alert-item');
    await expect.poll(() => listed.count()).toBe(1);
    expect(await listed.first().locator('.alert-message').textContent()).toMatch(/^Run [0-9a-f]{8} \(api\) failed: node "load" failed/);
    // Its run opens on the canvas from the alert (the view gives way to the graph) — only once
    // that run is there: a slow answer must not leave the earlier failed run on the canvas meanwhile.
    const alertRunId = ((await listAlerts(server)).alerts[0]!.subject as { id: string }).id;
    await page.route(`**/runs/${alertRunId}`, async (route) => {
      await new Promise((r) => setTimeout(r, 600));
      await route.continue();
    });
    await listed.first().getByRole('button', { name: 'open run' }).click();
    await page.locator('[data-testid="automations-view"]').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => window.__coinlab!.runState().runId)).toBe(alertRunId);
    await page.locator('[data-run-status="failed"]').first().waitFor();
    await page.unroute(`**/runs/${alertRunId}`);
    expect(errors).toEqual([]);
  });

  test('paper performance degraded and an exhausted LLM budget read as such under the bell', async () => {
    const page = browser.page;
    // Whatever the test before left open is acknowledged: the count below is of these two alone.
    expect((await server.api('/alerts/acknowledge', { method: 'POST', json: { all: true } })).status).toBe(200);
    await page.goto(server.url);
    const bell = page.getByTestId('alert-bell');
    await bell.waitFor();
    await server.runtime.alerts.raise({ kind: 'performance_degraded', severity: 'warning', message: 'Paper portfolio "eth" (graph version 3): sharpe 0.2 on paper is 1.3 below its research 1.5 (allowed drop 1)', subject: { type: 'paper', id: 'p1' } });
    await server.runtime.alerts.raise({ kind: 'budget_exhausted', severity: 'warning', message: 'Experiment "tiny" spent its LLM daily budget', subject: { type: 'experiment', id: 'e1' } });
    await expect.poll(() => page.getByTestId('alert-count').textContent(), { timeout: 30_000 }).toBe('2');
    if (!(await page.getByTestId('alert-popover').isVisible())) await bell.click();
    const meta = (kind: string) => page.locator(`[data-testid="alert-popover"] .alert-item[data-alert-kind="${kind}"] .alert-meta`);
    await expect.poll(() => meta('performance_degraded').textContent()).toMatch(/^Paper performance degraded · /);
    await expect.poll(() => meta('budget_exhausted').textContent()).toMatch(/^LLM budget exhausted · /);
    await shot(page, 'alerts-03-degraded-and-budget');
    await page.getByRole('button', { name: 'Acknowledge all' }).click();
    await expect.poll(() => page.getByTestId('alert-count').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
