import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleMessage, Page } from 'playwright-core';
import type { LaunchedBrowser } from '../support/browser';
import type { TestServer } from '../support/server';
import { template } from '../support/lab';
import { clearEditorStorage, shotOnFailure, startEditorEnv, stopEditorEnv } from './editor-env';
import { shot, showDock } from './editor-helpers';

/**
 * Issue 11, Hardening: the editor runs under its Content-Security-Policy (scripts from its own
 * origin only, no eval) and still works — live run status over socket.io, and Vega charts,
 * which compile expressions with `new Function` unless told to interpret them — and the HTML
 * model report, served sandboxed, renders with its charts. Any CSP violation fails the test:
 * the page's `securitypolicyviolation` events and Chromium's "Refused to …" console messages.
 */
let server: TestServer;
let browser: LaunchedBrowser;
let editorDir: string;
let errors: string[];

/** Records every CSP violation a document reports, from before its first script. */
const LISTEN = `(() => {
  const seen = [];
  Object.defineProperty(window, '__cspViolations', { value: seen });
  document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
})();`;

function cspConsole(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (/Content Security Policy|Refused to|unsafe-eval/i.test(m.text())) found.push(m.text());
  });
  return found;
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? ['listener missing']);

/** predict-rise on a few days of ETH_BTC: a model report with charts, quickly. */
function reportGraph() {
  const doc = template('predict-rise');
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === 'load' ? { ...n, params: { coins: ['ETH_BTC'], from: '2018-01-22' } } : n.id === 'rf' ? { ...n, params: { ...n.params, nTrees: 20 } } : n)),
  };
}

beforeAll(async () => {
  ({ server, browser, editorDir, errors } = await startEditorEnv({ coins: /ETH_BTC/ }));
  await browser.context.addInitScript(LISTEN);
});
afterAll(() => stopEditorEnv({ server, browser, editorDir }));
afterEach(shotOnFailure(() => browser?.page));

describe('the editor and reports under the Content-Security-Policy', () => {
  it('runs a graph live and draws its report charts with no CSP violation; the sandboxed HTML report renders', async () => {
    const page = browser.page;
    const refused = cspConsole(page);
    const saved = (await (await server.api('/graphs', { method: 'POST', json: { document: reportGraph() } })).json()) as { graph: { id: string } };
    await clearEditorStorage(page, server.url);
    const res = await page.goto(`${server.url}/?graph=${saved.graph.id}`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.locator('.react-flow__node[data-id="report"]').waitFor();

    // A run from the editor: its live status arrives over socket.io (connect-src 'self').
    await page.getByRole('button', { name: '▶ Run' }).click();
    await expect.poll(() => page.locator('[data-run-status]').getAttribute('data-run-status'), { timeout: 240_000, interval: 500 }).toBe('succeeded');

    // Every chart of the run draws through vega-embed (expressions interpreted, not eval'd).
    await showDock(page, 'artifacts');
    const charts = page.locator('.dock li[data-chart]');
    await expect.poll(() => charts.count(), { timeout: 30_000 }).toBeGreaterThan(1);
    const titles = await charts.evaluateAll((els) => els.map((e) => e.getAttribute('data-chart') ?? ''));
    for (const title of titles.slice(0, 3)) {
      await page.locator(`.dock li[data-chart="${title}"]`).getByRole('button', { name: 'Open' }).click();
      const chart = page.locator('.dialog-chart');
      await expect.poll(() => chart.getAttribute('data-chart-state'), { timeout: 30_000 }).not.toBe('loading');
      expect(await chart.getAttribute('data-chart-state'), `${title}: ${await chart.textContent()}`).toBe('ready');
      expect(await chart.locator('svg.marks .mark-line, svg.marks .mark-symbol, svg.marks .mark-rect, svg.marks .mark-area').count(), title).toBeGreaterThan(0);
      await page.keyboard.press('Escape');
      await chart.waitFor({ state: 'detached' });
    }
    await shot(page, 'csp-editor-charts');
    expect(await violations(page)).toEqual([]);
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);

    // The HTML model report, opened as its own page: sandboxed, styled, its charts inline.
    const artifacts = (await (await server.api(`/runs/${new URL(page.url()).searchParams.get('run')}/artifacts`)).json()) as { artifacts: { id: string; contentType: string; name: string }[] };
    const html = artifacts.artifacts.find((a) => a.contentType.startsWith('text/html'));
    expect(html, JSON.stringify(artifacts.artifacts.map((a) => a.name))).toBeDefined();
    const report = await browser.context.newPage();
    const reportRefused = cspConsole(report);
    const reportErrors: string[] = [];
    report.on('pageerror', (e) => reportErrors.push(e.message));
    const answer = await report.goto(`${server.url}/api/v1/artifacts/${html!.id}`);
    expect(answer?.headers()['content-security-policy']).toMatch(/^sandbox;/);
    await report.locator('h1').waitFor();
    expect(await report.locator('figure svg').count()).toBeGreaterThan(0);
    // Its stylesheet applied (inline styles are allowed in the sandbox): the heading has the report's border.
    expect(await report.locator('h1').evaluate((h) => getComputedStyle(h).borderBottomStyle)).toBe('solid');
    // Sandboxed: an opaque origin, so nothing in it can use the runtime as the user.
    expect(await report.evaluate(() => window.origin)).toBe('null');
    await shot(report, 'csp-html-report');
    expect(reportRefused).toEqual([]);
    expect(reportErrors).toEqual([]);
    await report.close();
  }, 400_000);
});
