import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { waitChain } from '../support/graphs';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { shot, showAutomations } from './editor-helpers';

/** The Automations view's schedules: schedule the open saved graph, see its next fire time, pause and delete it. */
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

describe('Automations view: schedules', () => {
  test('creates a schedule for the open saved graph and shows its next fire time in its zone; a bad cron is refused naming the field', async () => {
    const page = browser.page;
    const res = await server.api('/graphs', { method: 'POST', json: { document: { ...waitChain(1, 0), name: 'morning check' } } });
    const graphId = ((await res.json()) as { graph: { id: string } }).graph.id;
    await clearEditorStorage(page, server.url);
    await page.goto(`${server.url}/?graph=${graphId}`);
    await page.locator('.palette-item').first().waitFor();
    await showAutomations(page, 'schedules');
    const form = page.locator(`${panel} .schedule-form`);
    await form.getByText('Run “morning check”').waitFor();
    // The zone defaults to the browser's own.
    const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(await form.getByLabel('Time zone').inputValue()).toBe(browserZone);

    await form.getByLabel('Cron expression').fill('every morning');
    await form.getByRole('button', { name: 'Schedule' }).click();
    await expect.poll(() => page.locator(`${panel} .schedule-message.bad`).textContent()).toMatch(/^cron: not a cron expression/);
    expect(((await (await server.api('/schedules')).json()) as { schedules: unknown[] }).schedules).toHaveLength(0);

    await form.getByLabel('Cron expression').fill('0 9 * * *');
    await form.getByLabel('Time zone').fill('Asia/Tokyo');
    await form.getByLabel('Overlap policy').selectOption('queue');
    await form.getByLabel('Catch-up policy').selectOption('skip');
    await form.getByRole('button', { name: 'Schedule' }).click();
    const row = page.locator(`${panel} .schedule-table tbody tr`);
    await row.first().waitFor();
    const stored = ((await (await server.api('/schedules')).json()) as { schedules: { nextFireAt: string; overlap: string; catchUp: string; timezone: string }[] }).schedules;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ overlap: 'queue', catchUp: 'skip', timezone: 'Asia/Tokyo' });
    // 09:00 in Tokyo is 00:00 UTC; the tab shows it in the schedule's zone.
    expect(new Date(stored[0]!.nextFireAt).getUTCHours()).toBe(0);
    await expect.poll(() => row.first().locator('.next-fire .zone-time').textContent()).toMatch(/^\d{4}-\d{2}-\d{2} 09:00 Asia\/Tokyo$/);
    // Beside it, the same moment in the browser's zone when that differs.
    if (browserZone !== 'Asia/Tokyo') expect(await row.first().locator('.next-fire .local-time').textContent()).toContain(browserZone);
    await shot(page, 'schedules-01-created');

    await row.first().getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => row.first().locator('.next-fire .zone-time').textContent()).toBe('paused');
    await row.first().getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => row.first().locator('.next-fire .zone-time').textContent()).toMatch(/09:00 Asia\/Tokyo$/);
    await row.first().getByRole('button', { name: 'Delete schedule morning check' }).click();
    await expect.poll(() => page.locator(`${panel} .schedule-table`).count()).toBe(0);
    // The refused cron is the one 400 the browser logs.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    expect(errors.filter((e) => e.includes('status of 400'))).toHaveLength(1);
  });
});
