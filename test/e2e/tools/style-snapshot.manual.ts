/**
 * Captures the editor's main screens — screenshots and the computed style of every element —
 * so a CSS move (files split, rules reordered) can be checked for visual change: run it on the
 * editor before and after, then compare the two folders with style-compare.manual.ts.
 *
 *   node --import tsx test/e2e/tools/style-snapshot.manual.ts <built editor dir> <out dir>
 *
 * The editor must be an e2e build (`pnpm --filter @coinlab/editor build:e2e`): the walk loads
 * graphs through the test hooks. The data is the same three coins every time.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser';
import { embeddedTarget } from '../../support/db';
import { market5mFiles, REPO_ROOT } from '../../support/paths';
import { importMarketData, startTestServer } from '../../support/server';
import { clearEditorStorage } from '../editor-env';
import { selectNode, showDock, waitForNodeStatus } from '../editor-helpers';

/** Properties that decide how an element looks, not how long its text happens to be. */
const PROPS = [
  'display', 'position', 'top', 'right', 'bottom', 'left', 'z-index', 'box-sizing', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
  'padding-top', 'padding-right', 'padding-bottom', 'padding-left', 'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width',
  'border-top-style', 'border-top-color', 'border-bottom-color', 'border-left-color', 'border-right-color', 'border-radius', 'outline-style', 'outline-color',
  'color', 'background-color', 'background-image', 'opacity', 'visibility', 'box-shadow', 'font-family', 'font-size', 'font-weight', 'font-style',
  'line-height', 'letter-spacing', 'text-align', 'text-transform', 'text-decoration-line', 'white-space', 'text-overflow', 'overflow-x', 'overflow-y',
  'flex-direction', 'flex-wrap', 'flex-grow', 'flex-shrink', 'flex-basis', 'align-items', 'justify-content', 'align-self', 'gap', 'grid-template-columns',
  'cursor', 'pointer-events', 'transform', 'transition-property', 'min-width', 'max-width', 'min-height', 'max-height', 'vertical-align', 'list-style-type',
  'fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'user-select', 'resize', 'content',
];

async function capture(page: Page, out: string, name: string): Promise<void> {
  await page.waitForTimeout(400); // transitions settle
  await page.screenshot({ path: path.join(out, `${name}.png`) });
  const styles = await page.evaluate((props) => {
    const pathOf = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
        const cls = typeof e.className === 'string' ? e.className.trim().split(/\s+/).filter((c) => c && !/^(selected|hover)/.test(c)).sort().join('.') : '';
        parts.unshift(`${e.tagName.toLowerCase()}${cls ? `.${cls}` : ''}`);
      }
      return parts.join('>');
    };
    const rows: Record<string, string>[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const cs = getComputedStyle(el);
      const row: Record<string, string> = { path: pathOf(el) };
      for (const p of props) row[p] = cs.getPropertyValue(p);
      for (const pseudo of ['::before', '::after', '::placeholder']) {
        const ps = getComputedStyle(el, pseudo);
        if (ps.getPropertyValue('content') !== 'none' || pseudo === '::placeholder') for (const p of ['content', 'color', 'background-color', 'border-top-color', 'width', 'height']) row[`${pseudo} ${p}`] = ps.getPropertyValue(p);
      }
      rows.push(row);
    }
    return rows;
  }, PROPS);
  fs.writeFileSync(path.join(out, `${name}.styles.json`), JSON.stringify(styles));
  process.stdout.write(`${name}: ${styles.length} elements\n`);
}

const template = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'templates', `${name}.graph.json`), 'utf8'));

async function main(): Promise<void> {
  const [editorDir, out] = process.argv.slice(2);
  if (!editorDir || !out) throw new Error('usage: style-snapshot.manual.ts <built editor dir> <out dir>');
  fs.mkdirSync(out, { recursive: true });
  const server = await startTestServer(embeddedTarget, { editorDir: path.resolve(editorDir), auth: 'none' });
  const browser = await launchBrowser({ width: 1440, height: 900 });
  const page = browser.page;
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  try {
    await importMarketData(server, market5mFiles().filter((f) => /(ETH|LTC|XLM)_BTC-5m/.test(f)));
    await clearEditorStorage(page, server.url);
    await page.goto(server.url);
    await page.locator('.palette-item').first().waitFor();
    await capture(page, out, '01-start');

    await page.locator('button[title="Start from a template"]').click();
    await page.locator('.modal').waitFor();
    await capture(page, out, '02-templates-dialog');
    await page.keyboard.press('Escape');

    await page.evaluate((doc) => window.__coinlab!.loadDocument(doc), template('backtest-quality-gate'));
    await page.evaluate(() => window.__coinlab!.fitView());
    await capture(page, out, '03-graph');
    await selectNode(page, 'features');
    await capture(page, out, '04-inspector-params');

    await page.getByRole('button', { name: '▶ Run' }).click();
    await waitForNodeStatus(page, 'gate', ['awaiting', 'succeeded', 'failed'], 300_000);
    await page.waitForTimeout(1000);
    await capture(page, out, '05-run-awaiting');
    const approve = page.locator('.approval-tray [data-decision="approve"]').first();
    if (await approve.isVisible()) await approve.click();
    await waitForNodeStatus(page, 'report', ['succeeded', 'failed', 'skipped', 'stopped'], 300_000);
    await page.locator('[data-run-status="succeeded"], [data-run-status="failed"]').waitFor({ timeout: 120_000 });
    await capture(page, out, '06-run-done');

    await selectNode(page, 'load');
    await page.getByRole('button', { name: /^Outputs/ }).click();
    await capture(page, out, '07-outputs-candles');
    await selectNode(page, 'eval');
    await page.getByRole('button', { name: /^Outputs/ }).click();
    await capture(page, out, '08-outputs-metrics');
    await selectNode(page, 'backtest');
    await page.getByRole('button', { name: /^Outputs/ }).click();
    await capture(page, out, '09-outputs-backtest');

    for (const tab of ['problems', 'logs', 'runs', 'artifacts', 'data'] as const) {
      await showDock(page, tab);
      await capture(page, out, `10-dock-${tab}`);
    }
    await page.locator('button[title="Open a saved graph"]').click();
    await page.locator('.modal').waitFor();
    await capture(page, out, '11-open-dialog');
    await page.keyboard.press('Escape');
    await page.locator('button[title="Versions of this graph"]').click();
    await page.locator('.modal').waitFor();
    await capture(page, out, '11-versions-dialog');
    await page.keyboard.press('Escape');
    await page.locator('button[title="More"]').click();
    await page.locator('.menu').waitFor();
    await capture(page, out, '11-more-menu');
    await page.keyboard.press('Escape');
    await page.locator('.topbar [data-testid="plan-from-goal"]').click();
    await page.locator('#plan-goal').waitFor();
    await capture(page, out, '12-goal-dialog');
    await page.keyboard.press('Escape');
    await page.evaluate(() => window.__coinlab!.setViewport({ x: 0, y: 0, zoom: 0.2 }));
    await capture(page, out, '13-zoomed-out');
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
