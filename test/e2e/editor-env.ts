import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../support/browser';
import { embeddedTarget, type TestDatabaseTarget } from '../support/db';
import { market5mFiles } from '../support/paths';
import { importMarketData, startTestServer, type TestServer } from '../support/server';
import { buildEditor, shot } from './editor-helpers';
import type { ServerOptions } from '../../runtime/src/server';

/** What every end-to-end file needs: the built editor served by a real runtime, and Chromium. */
export interface EditorEnv {
  server: TestServer;
  browser: LaunchedBrowser;
  editorDir: string;
  /** Page errors collected for the whole file (tests assert it stays empty). */
  errors: string[];
}

export async function startEditorEnv(opts: { coins: RegExp; clipboard?: boolean; target?: TestDatabaseTarget; server?: Partial<ServerOptions> }): Promise<EditorEnv> {
  const editorDir = buildEditor();
  // No sign-in yet: the editor has no sign-in page until the editor work on accounts lands, so
  // the browser acts as the local user of a lab not set up (TODO(editorauth): sign in instead).
  const server = await startTestServer(opts.target ?? embeddedTarget, { ...opts.server, editorDir, auth: 'none' });
  await importMarketData(server, market5mFiles().filter((f) => opts.coins.test(f)));
  const browser = await launchBrowser();
  if (opts.clipboard) await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  return { server, browser, editorDir, errors: collectPageErrors(browser.page) };
}

export async function stopEditorEnv(env: Partial<EditorEnv>): Promise<void> {
  await env.browser?.close();
  await env.server?.close();
  if (env.editorDir) fs.rmSync(env.editorDir, { recursive: true, force: true });
}

/** An afterEach hook that keeps a screenshot of the page a test failed on. */
export function shotOnFailure(page: () => Page | undefined) {
  return async (ctx: { task: { name: string; result?: { state?: string } } }) => {
    const p = page();
    if (p && ctx.task.result?.state === 'fail') await shot(p, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  };
}

/** The editor at its start page with no local draft. */
export async function openFreshEditor(env: Pick<EditorEnv, 'server' | 'browser'>): Promise<void> {
  const page = env.browser.page;
  await clearEditorStorage(page, env.server.url);
  await page.goto(env.server.url);
  await page.locator('.palette-item').first().waitFor();
}

/**
 * Clears the editor's local storage (drafts, layout) from a same-origin page that runs no
 * editor code: on the editor itself, a pending draft autosave (400 ms after the last edit)
 * could write the draft back between the clear and the next navigation.
 */
export async function clearEditorStorage(page: Page, serverUrl: string): Promise<void> {
  await page.goto(`${serverUrl}/api/v1/openapi.json`);
  await page.evaluate(() => localStorage.clear());
}
