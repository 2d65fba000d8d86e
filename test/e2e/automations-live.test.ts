import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { waitChain } from '../support/graphs';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { showAutomations } from './editor-helpers';

/**
 * The Automations view is live: a schedule made elsewhere (the API here, another tab or the CLI
 * in life) shows at once, and so does its last result when it fires — well inside the 5 s the
 * view used to poll at (it polls every 60 s now, only as a fallback).
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
const LIVE_MS = 3_000;

describe('Automations view: live schedules', () => {
  test("a schedule created and fired through the API shows, with its last result, without a reload or the old poll", async () => {
    const page = browser.page;
    const res = await server.api('/graphs', { method: 'POST', json: { document: { ...waitChain(1, 0), name: 'live check' } } });
    const graphId = ((await res.json()) as { graph: { id: string } }).graph.id;
    await clearEditorStorage(page, server.url);
    await page.goto(`${server.url}/?graph=${graphId}`);
    await page.locator('.palette-item').first().waitFor();
    await showAutomations(page, 'schedules');
    await page.locator(`${panel} .schedule-form`).waitFor();
    // Give the panel its first read (and the socket its watch) before changing anything.
    await page.waitForTimeout(500);

    const created = await server.api('/schedules', { method: 'POST', json: { name: 'every second', graphId, cron: '* * * * * *', paused: true } });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { schedule: { id: string } }).schedule.id;
    const row = page.locator(`${panel} .schedule-table tbody tr`).filter({ hasText: 'every second' });
    await expect.poll(() => row.count(), { timeout: LIVE_MS }).toBe(1);
    expect(await row.locator('.last-result').textContent()).toContain('not fired yet');

    const resumedAt = Date.now();
    expect((await server.api(`/schedules/${id}/resume`, { method: 'POST' })).status).toBe(200);
    // Fired within a second; its run (one wait node) succeeds at once: the view follows both.
    await expect.poll(() => row.locator('.last-result').getAttribute('data-status'), { timeout: LIVE_MS }).toBe('succeeded');
    expect(Date.now() - resumedAt).toBeLessThan(LIVE_MS);
    expect((await server.api(`/schedules/${id}/pause`, { method: 'POST' })).status).toBe(200);
    await expect.poll(() => row.locator('.next-fire .zone-time').textContent(), { timeout: LIVE_MS }).toBe('paused');
    expect(errors).toEqual([]);
  });
});
