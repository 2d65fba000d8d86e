import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { embeddedTarget } from '../support/db';
import { waitChain } from '../support/graphs';
import { startTestServer, type TestServer } from '../support/server';
import { buildEditor, shot } from './editor-helpers';
import { shotOnFailure, stopEditorEnv } from './editor-env';

/**
 * A team from the first start: the owner sets the lab up through the page, invites a second
 * person, who joins through the link in a browser of their own; private graphs stay private,
 * a graph shared as viewer opens read-only, and its copy runs as the viewer's own.
 */
let server: TestServer;
let owner: LaunchedBrowser;
let member: LaunchedBrowser | undefined;
let editorDir: string;
let errors: string[];
const password = 'a long owner password';
const memberPassword = 'the member password';
let inviteLink = '';
let privateGraph = '';
let sharedGraph = '';

beforeAll(async () => {
  editorDir = buildEditor();
  // Nothing set up: the lab as it first starts.
  server = await startTestServer(embeddedTarget, { editorDir, auth: 'none' });
  owner = await launchBrowser();
  errors = collectPageErrors(owner.page);
});
afterAll(async () => {
  await member?.close();
  await stopEditorEnv({ server, browser: owner, editorDir });
});
afterEach(shotOnFailure(() => owner?.page));
afterEach(async (ctx) => {
  if (member && ctx.task.result?.state === 'fail') await shot(member.page, `failed-member-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`).catch(() => undefined);
});

async function fill(page: Page, fields: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
}

/** Saves a document as a new graph through the editor; its id from the address bar. */
async function saveNewGraph(page: Page, doc: unknown): Promise<string> {
  await page.evaluate((d) => window.__coinlab!.loadDocument(d), doc);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('graph')).toBeTruthy();
  return new URL(page.url()).searchParams.get('graph')!;
}

describe('a team', () => {
  test('the owner sets the lab up through the set-up page', async () => {
    const page = owner.page;
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Set up coinlab' }).waitFor();
    expect(await page.getByText('At least 10 characters.').isVisible()).toBe(true);
    await shot(page, 'team-01-setup');
    await fill(page, { Name: 'Olga Owner', Email: 'olga@lab.test', Password: password, 'Confirm password': password });
    await page.getByRole('button', { name: 'Create owner account' }).click();
    await page.locator('.palette-item').first().waitFor();
    expect(await page.getByRole('button', { name: 'Account: Olga Owner (owner)' }).isVisible()).toBe(true);
  });

  test('the owner invites a member from the Team page and makes an API token', async () => {
    const page = owner.page;
    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitem', { name: 'Team' }).click();
    await page.getByLabel('Invitation role').selectOption('member');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    const link = page.getByLabel('Invitation link', { exact: true });
    await link.waitFor();
    inviteLink = await link.inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${server.url}/invite/\\S+$`));
    expect(await page.locator('tr[data-invitation-id]').count()).toBe(1);
    await shot(page, 'team-02-team');

    await page.getByRole('tab', { name: 'API tokens' }).click();
    await page.getByLabel('Token name').fill('laptop CLI');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByLabel('API token', { exact: true }).inputValue();
    expect(token.length).toBeGreaterThan(20);
    // The CLI example keeps the token off the command line: it reads it from a private file.
    expect(await page.getByText(`pnpm coinlab --server ${server.url} --token-file ~/.coinlab-token run graph.json`, { exact: true }).isVisible()).toBe(true);
    expect(await page.locator('code.example-command').filter({ hasText: token }).count()).toBe(0);
    // The token works for a program, without the browser's cookie.
    const res = await fetch(`${server.url}/api/v1/graphs`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    await page.locator('tr[data-token-id]').filter({ hasText: 'laptop CLI' }).waitFor();
    await shot(page, 'team-03-tokens');
    await page.getByRole('button', { name: '← Back to graph' }).click();
  });

  test('the invited person joins through the link in their own browser, and signs in again after signing out', async () => {
    const page = owner.page;
    privateGraph = await saveNewGraph(page, { ...waitChain(1, 0.01), name: 'Olga private' });
    sharedGraph = await saveNewGraph(page, { ...waitChain(2, 0.01), name: 'Olga shared' });

    member = await launchBrowser();
    const mPage = member.page;
    errors.push(...collectPageErrors(mPage));
    await mPage.goto(inviteLink);
    await mPage.getByText('You are invited to join as member').waitFor();
    await fill(mPage, { Name: 'Mo Member', Email: 'mo@lab.test', Password: memberPassword, 'Confirm password': memberPassword });
    await mPage.getByRole('button', { name: 'Join and sign in' }).click();
    await mPage.locator('.palette-item').first().waitFor();
    expect(new URL(mPage.url()).pathname).toBe('/');

    await mPage.getByRole('button', { name: 'Account: Mo Member (member)' }).click();
    expect(await mPage.getByRole('menuitem', { name: 'Team' }).count()).toBe(0);
    await mPage.getByRole('menuitem', { name: 'Sign out' }).click();
    await mPage.getByRole('heading', { name: 'Sign in' }).waitFor();
    await fill(mPage, { Email: 'mo@lab.test', Password: 'not the password' });
    await mPage.getByRole('button', { name: 'Sign in' }).click();
    await mPage.getByRole('alert').waitFor();
    await shot(mPage, 'team-04-sign-in');
    await fill(mPage, { Password: memberPassword });
    await mPage.getByRole('button', { name: 'Sign in' }).click();
    await mPage.locator('.palette-item').first().waitFor();
  });

  test("the member cannot see the owner's private graph", async () => {
    const mPage = member!.page;
    await mPage.getByRole('button', { name: 'Open', exact: true }).click();
    await mPage.getByRole('dialog', { name: 'Open a graph' }).waitFor();
    await mPage.waitForTimeout(500);
    expect(await mPage.locator(`li[data-graph-id="${privateGraph}"]`).count()).toBe(0);
    await mPage.keyboard.press('Escape');
    await mPage.goto(`${server.url}/?graph=${privateGraph}`);
    await mPage.locator('.toast').filter({ hasText: /not found/i }).waitFor();
  });

  test('a graph shared as viewer opens read-only, and its copy runs as the member’s own', async () => {
    const page = owner.page;
    await page.goto(`${server.url}/?graph=${sharedGraph}`);
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByLabel('Share with').selectOption({ label: 'Mo Member (mo@lab.test)' });
    await page.getByLabel('Share level').selectOption('viewer');
    await page.getByRole('button', { name: 'Add share' }).click();
    await page.locator('li[data-share-grantee]').filter({ hasText: 'Mo Member' }).waitFor();
    await shot(page, 'team-05-share');

    const mPage = member!.page;
    await mPage.goto(server.url);
    await mPage.locator('.palette-item').first().waitFor();
    await mPage.getByRole('button', { name: 'Open', exact: true }).click();
    const row = mPage.locator(`li[data-graph-id="${sharedGraph}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('shared by Olga Owner · viewer');
    await row.click();
    const banner = mPage.getByRole('status').filter({ hasText: 'Shared with you as viewer by Olga Owner' });
    await banner.waitFor();
    expect(await mPage.locator('.palette-item').count()).toBe(0);
    expect(await mPage.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await shot(mPage, 'team-06-read-only');

    await banner.getByRole('button', { name: 'Run a copy' }).click();
    await expect.poll(() => new URL(mPage.url()).searchParams.get('graph')).not.toBe(sharedGraph);
    await expect.poll(() => new URL(mPage.url()).searchParams.get('run')).toBeTruthy();
    expect(await banner.count()).toBe(0);
    const copy = new URL(mPage.url()).searchParams.get('graph')!;
    const runId = new URL(mPage.url()).searchParams.get('run')!;
    // The run completes: live in the member's editor, and as the API tells the member.
    await expect.poll(() => mPage.locator('[data-run-status]').getAttribute('data-run-status'), { timeout: 60_000 }).toBe('succeeded');
    const memberCookie = (await member!.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    await expect
      .poll(async () => ((await (await fetch(`${server.url}/api/v1/runs/${runId}`, { headers: { cookie: memberCookie } })).json()) as { run: { status: string; graphId: string } }).run, { timeout: 60_000 })
      .toMatchObject({ status: 'succeeded', graphId: copy });
    // The copy is the member's own; the owner's graph is unchanged and not theirs to see.
    const ownerGraphs = (await (await fetch(`${server.url}/api/v1/graphs`, { headers: { cookie: (await owner.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).json()) as { graphs: { id: string }[] };
    expect(ownerGraphs.graphs.map((g) => g.id)).not.toContain(copy);
    expect(errors.filter((e) => !/40[134]/.test(e))).toEqual([]);
  });

  test('when the session ends, the next request shows the sign-in page and the unsaved edit survives signing in again', async () => {
    const mPage = member!.page;
    const copy = new URL(mPage.url()).searchParams.get('graph');
    const name = mPage.getByLabel('Graph name', { exact: true });
    await name.fill('Mo renamed, not saved');
    await name.press('Enter');
    await mPage.locator('[data-save-state="dirty"]').waitFor();
    // The session is gone (as after an expiry); the next request the editor makes is refused.
    await member!.context.clearCookies();
    await mPage.getByRole('button', { name: 'Open', exact: true }).click();
    await mPage.getByText('Your session has ended. Sign in again — your unsaved graph is kept.').waitFor();
    await fill(mPage, { Email: 'mo@lab.test', Password: memberPassword });
    await mPage.getByRole('button', { name: 'Sign in' }).click();
    await mPage.locator('[data-save-state="dirty"]').waitFor();
    expect(await mPage.getByLabel('Graph name', { exact: true }).inputValue()).toBe('Mo renamed, not saved');
    expect(new URL(mPage.url()).searchParams.get('graph')).toBe(copy);
  });
});
