import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { failingGraph, listAlerts } from '../support/alerts';
import { syntheticBacktestNode, syntheticGraph } from '../../runtime/src/experiments/testing/synthetic-backtest';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { shot } from './editor-helpers';

/**
 * The Automations view end to end, the way a user operates it: from the top bar, schedule a
 * graph (it fires once and fails: its last result links to the run, and an alert comes live),
 * pause and resume it, start an experiment and watch its iterations arrive in the chart and
 * leaderboard, then acknowledge the alert in the Alerts section. All in one view.
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

const view = '[data-testid="automations-view"]';
const createGraph = async (document: unknown): Promise<string> => ((await (await server.api('/graphs', { method: 'POST', json: { document } })).json()) as { graph: { id: string } }).graph.id;

/** A daily cron firing `ahead` ms from now (6 fields, seconds first, in UTC): exactly one fire during the test. */
function cronSoon(aheadMs: number): string {
  const t = new Date(Date.now() + aheadMs);
  return `${t.getUTCSeconds()} ${t.getUTCMinutes()} ${t.getUTCHours()} * * *`;
}

describe('Automations view', () => {
  test('creates a schedule and an experiment, watches the iterations come in live, and acknowledges the alert of the failed scheduled run', async () => {
    const page = browser.page;
    // The size the view must read well at.
    await page.setViewportSize({ width: 1280, height: 800 });
    const nightly = await createGraph(failingGraph('nightly check'));
    const search = await createGraph({ ...syntheticGraph, name: 'synthetic search' });
    await clearEditorStorage(page, server.url);
    await page.goto(`${server.url}/?graph=${nightly}`);
    await page.locator('.palette-item').first().waitFor();

    // One place: the top bar opens the view; it starts at Schedules & data.
    await page.getByTestId('automations-toggle').click();
    await page.locator(`${view}[data-section="schedules"]`).waitFor();
    expect((await page.locator(`${view} [data-automations-section]`).allTextContents()).map((t) => t.trim())).toEqual(['Schedules & data', 'Experiments', 'Paper', 'Alerts', 'Audit']);

    // A schedule of the open graph, firing once in a few seconds (UTC).
    const form = page.locator(`${view} .schedule-form`);
    await form.getByText('Run “nightly check”').waitFor();
    await form.getByLabel('Time zone').fill('UTC');
    // Far enough ahead that a busy machine still saves it, and shows "not fired yet", before it is due.
    await form.getByLabel('Cron expression').fill(cronSoon(15_000));
    await form.getByRole('button', { name: 'Schedule' }).click();
    const row = page.locator(`${view} .schedule-table tbody tr`).first();
    await expect.poll(() => row.locator('.next-fire .zone-time').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})? UTC$/);
    expect(await row.locator('.last-result').textContent()).toBe('not fired yet');

    // It fires and its run fails: the last result says so (the list reads itself again), and the alert comes live.
    await expect.poll(() => row.locator('.last-result').getAttribute('data-status'), { timeout: 60_000 }).toBe('failed');
    const stored = ((await (await server.api('/schedules')).json()) as { schedules: { lastRunId: string; nextFireAt: string }[] }).schedules[0]!;
    expect(await row.locator('.last-result .last-run').getAttribute('data-run-id')).toBe(stored.lastRunId);
    expect(await row.locator('.last-result .last-run').textContent()).toBe('failed');
    // The next fire is tomorrow's, shown in the schedule's zone.
    expect(Date.parse(stored.nextFireAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    await expect.poll(() => page.getByTestId('alert-count').textContent(), { timeout: 30_000 }).toBe('1');
    await expect.poll(() => page.locator(`${view} [data-automations-section="alerts"] .count`).textContent()).toBe('1');
    await shot(page, 'automations-view-01-schedule-failed');

    await row.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => row.locator('.next-fire .zone-time').textContent()).toBe('paused');
    await row.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => row.locator('.next-fire .zone-time').textContent()).toMatch(/UTC$/);

    // The last result opens that run on the canvas.
    await row.locator('.last-result .last-run').click();
    await page.locator(view).waitFor({ state: 'detached' });
    await page.locator('[data-run-status="failed"]').waitFor();
    expect(await page.evaluate(() => window.__coinlab!.runState().runId)).toBe(stored.lastRunId);

    // An experiment on the search graph, from the same view.
    await page.goto(`${server.url}/?graph=${search}`);
    await page.locator('.palette-item').first().waitFor();
    await page.getByTestId('automations-toggle').click();
    await page.locator(`${view} [data-automations-section="experiments"]`).click();
    const experiments = page.locator(`${view} [data-testid="experiments-section"]`);
    const eform = experiments.locator('.experiment-form');
    await eform.getByText('Search “synthetic search”').waitFor();
    await eform.getByLabel('Search bt.x').check();
    await eform.getByLabel('Search bt.kind').check();
    await eform.getByLabel('Search from').fill('2026-01-01');
    await eform.getByLabel('Holdout from').fill('2026-02-01');
    await eform.getByLabel('Holdout to').fill('2026-02-20');
    await eform.getByLabel('Max iterations').fill('10');
    // Promotes a challenger that wins on the holdout on its own: a champion without a person.
    await eform.getByLabel('Auto-approve', { exact: true }).check();
    await eform.getByRole('button', { name: 'Start experiment' }).click();

    // Live: the leaderboard and the chart grow (more than one distinct count seen) until it stops.
    const detail = experiments.locator('[data-testid="experiment-detail"]');
    await detail.waitFor();
    const counts = new Set<number>();
    const points = new Set<number>();
    await expect
      .poll(
        async () => {
          counts.add(await detail.locator('[data-testid="leaderboard"] tbody tr').count());
          points.add(await detail.locator('[data-testid="objective-chart"] circle.point').count());
          return detail.getAttribute('data-status');
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe('finished');
    expect(counts.size).toBeGreaterThan(1);
    expect(points.size).toBeGreaterThan(1);
    const leaderboard = detail.locator('[data-testid="leaderboard"] tbody tr');
    const finished = await leaderboard.count();
    expect(finished).toBeGreaterThan(0);
    expect(finished).toBeLessThanOrEqual(10);
    expect(await detail.locator('[data-testid="objective-chart"] circle.point').count()).toBe(finished);
    await expect.poll(() => detail.locator('[data-testid="champion"]').textContent()).toMatch(/Champion: #\d+ bt\.x=/);
    // Why it stopped, in the list and the detail.
    expect(await experiments.locator('.experiment-table tbody tr').first().locator('.stop-reason').textContent()).toMatch(/maxIterations|converged/);
    fs.mkdirSync('/tmp/lead', { recursive: true });
    await page.screenshot({ path: path.join('/tmp/lead', 'automations.png') });
    await shot(page, 'automations-view-02-experiment');

    // The alert of the failed scheduled run, acknowledged in the Alerts section (newer ones, e.g. a converged experiment, may sit above it).
    await page.locator(`${view} [data-automations-section="alerts"]`).click();
    const item = page.locator(`${view} [data-testid="alerts-section"] .alert-item[data-alert-kind="run_failed"]`);
    await item.waitFor();
    expect(await item.locator('.alert-message').textContent()).toMatch(/^Run [0-9a-f]{8} of "nightly check" \(schedule:[^)]*\) failed: node "load" failed/);
    const alertId = await item.getAttribute('data-alert-id');
    const before = (await listAlerts(server)).unacknowledged;
    await shot(page, 'automations-view-03-alerts');
    await item.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => item.count()).toBe(0);
    const after = await listAlerts(server, '?all=1');
    expect(after.unacknowledged).toBe(before - 1);
    expect(after.alerts.find((a) => a.id === alertId)).toMatchObject({ kind: 'run_failed', acknowledgedBy: 'Owner', details: { runId: stored.lastRunId } }); // the signed-in user's name
    // The bell shows the same count: gone when nothing else is open.
    if (before === 1) await expect.poll(() => page.getByTestId('alert-count').count()).toBe(0);
    else await expect.poll(() => page.getByTestId('alert-count').textContent()).toBe(String(before - 1));

    // Back to the graph: the canvas was there all along.
    await page.keyboard.press('Escape');
    await page.locator(view).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });
});
