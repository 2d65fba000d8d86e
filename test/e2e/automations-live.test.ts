import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { waitChain } from '../support/graphs';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { showAutomations } from './editor-helpers';

/**
 * The Automations view is live: a schedule made elsewhere (the API here, another tab or the CLI
 * in life) shows at once, and so does its last result when it fires. The view's only other way
 * to learn of changes is its fallback poll, whose first tick comes FALLBACK_POLL_MS after the
 * panel opened: everything seen before then came over the socket. (The waits are the suite's
 * usual ones, not a tight bound: how fast a busy machine fires and runs is not what is tested.)
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

const panel = '[data-testid="schedules-panel"]';
/** editor/src/automations/use-live-list.ts FALLBACK_REFRESH_MS (the editor's code is not imported into node tests). */
const FALLBACK_POLL_MS = 60_000;

describe('Automations view: live schedules', () => {
  test("a schedule created and fired through the API shows, with its last result, without a reload or the old poll", async () => {
    const page = browser.page;
    const res = await server.api('/graphs', { method: 'POST', json: { document: { ...waitChain(1, 0), name: 'live check' } } });
    const graphId = ((await res.json()) as { graph: { id: string } }).graph.id;
    await clearEditorStorage(page, server.url);
    await page.goto(`${server.url}/?graph=${graphId}`);
    await page.locator('.palette-item').first().waitFor();
    const openedAt = Date.now(); // no later than the panel's mount, so its poll ticks after openedAt + FALLBACK_POLL_MS
    await showAutomations(page, 'schedules');
    await page.locator(`${panel} .schedule-form`).waitFor();
    // The first read has rendered (the empty list), so the socket's watch is on.
    await page.locator(`${panel} .schedule-table`).or(page.locator(panel).getByText('No schedules yet.')).first().waitFor();

    const created = await server.api('/schedules', { method: 'POST', json: { name: 'every second', graphId, cron: '* * * * * *', paused: true } });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { schedule: { id: string } }).schedule.id;
    const row = page.locator(`${panel} .schedule-table tbody tr`).filter({ hasText: 'every second' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('.last-result').textContent()).toContain('not fired yet');

    expect((await server.api(`/schedules/${id}/resume`, { method: 'POST' })).status).toBe(200);
    // Fired within a second; its run (one wait node) succeeds at once: the view follows both.
    await expect.poll(() => row.locator('.last-result').getAttribute('data-status')).toBe('succeeded');
    expect((await server.api(`/schedules/${id}/pause`, { method: 'POST' })).status).toBe(200);
    await expect.poll(() => row.locator('.next-fire .zone-time').textContent()).toBe('paused');
    expect(Date.now() - openedAt, 'all seen before the fallback poll could have read anything').toBeLessThan(FALLBACK_POLL_MS);
    expect(errors).toEqual([]);
  });
});
