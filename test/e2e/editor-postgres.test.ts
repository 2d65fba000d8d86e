import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { postgresTarget } from '../support/db';
import { openFreshEditor, shotOnFailure, startEditorEnv, stopEditorEnv, type EditorEnv } from './editor-env';
import { nodeIds, shot, showDock, waitForNodeStatus } from './editor-helpers';

/**
 * The editor over the PostgreSQL server (TEST_DATABASE_URL, as CI sets it) rather than the
 * embedded database: a template opens, runs live to success, and after a reload the graph
 * and its run are found again — the loop a user deploying on PostgreSQL meets first.
 */
const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('the editor on the PostgreSQL server', () => {
  let env: EditorEnv;
  beforeAll(async () => {
    env = await startEditorEnv({ coins: /ETH_BTC/, target: postgresTarget(url!) });
  });
  afterAll(() => stopEditorEnv(env ?? {}));
  afterEach(shotOnFailure(() => env?.browser.page));

  test('a template runs live, and a reload finds the graph and its run', async () => {
    const page = env.browser.page;
    await openFreshEditor(env);
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.locator('[data-template="indicator-exploration"]').click();
    await expect.poll(() => nodeIds(page).then((ids) => ids.length)).toBe(15);
    await page.getByRole('button', { name: '▶ Run' }).click();
    const ids = await nodeIds(page);
    for (const id of ids) await waitForNodeStatus(page, id, ['succeeded'], 120_000);
    await expect.poll(() => page.locator('[data-run-status]').getAttribute('data-run-status')).toBe('succeeded');
    const before = new URL(page.url());
    expect(before.searchParams.get('graph')).toBeTruthy();
    expect(before.searchParams.get('run')).toBeTruthy();

    await page.reload();
    for (const id of ids) await waitForNodeStatus(page, id, ['succeeded']);
    expect(new URL(page.url()).searchParams.get('graph')).toBe(before.searchParams.get('graph'));
    await showDock(page, 'runs');
    await expect.poll(() => page.locator('.run-table [data-run-id]').count()).toBe(1);
    await shot(page, 'pg-01-template-run-after-reload');

    // The run is stored in PostgreSQL: the API reads it back with every node succeeded.
    const runId = before.searchParams.get('run')!;
    const run = (await (await env.server.api(`/runs/${runId}`)).json()) as { run: { status: string }; snapshot: { nodes: Record<string, { status: string }> } };
    expect(run.run.status).toBe('succeeded');
    expect(Object.values(run.snapshot.nodes).every((n) => n.status === 'succeeded')).toBe(true);
    expect(env.errors).toEqual([]);
  });
});
