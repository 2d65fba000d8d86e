/**
 * Editor benchmark in headless Chromium against the real runtime, on two saved graphs:
 * 1,000 nodes / 1,200 edges and 5,000 nodes / 6,000 edges.
 *  - load (3 times, median): open the graph by its URL; time from navigation start until the
 *    view is fitted and every node in view shows its final content (see load.ts),
 *  - pan: drag the pane with the mouse (page.mouse, real pointer events) back and forth, at
 *    the fitted view and, for 1,000 nodes, also at zoom 0.6 where cards enter and leave the
 *    view; the figure is the slower of the two,
 *  - zoom (1,000 nodes): turn the mouse wheel in and out over the canvas, from the fitted view
 *    to full cards and back, crossing every level of detail,
 *  - run: run the 1,000-node graph (wait nodes reporting progress, 32 at once) and count frames
 *    while its events stream into the fitted view; the figure is the slowest one-second window.
 * Targets (median of 3 loads): 1k load < 1000 ms, pan and zoom >= 55 fps, run >= 50 fps;
 * 5k load < 3000 ms, pan >= 30 fps. The last line is
 * `load_ms=.. pan_fps=.. zoom_fps=.. run_fps=.. load_ms_5k=.. pan_fps_5k=..`.
 * Run with `pnpm bench:editor`. BENCH_EDITOR_DIR=<built editor> measures a prebuilt editor, built
 * with the test hooks (`pnpm --filter @coinlab/editor build:e2e`, into editor/dist-e2e)
 * (to compare two versions alternately on the same machine) instead of building this one.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import type { GraphDocumentInput } from '@coinlab/shared';
import { launchBrowser } from '../../support/browser';
import { embeddedTarget } from '../../support/db';
import { startTestServer } from '../../support/server';
import { authHeaders } from '../../support/auth';
import { signInBrowser } from '../sign-in';
import { buildEditor } from '../editor-helpers';
import { largeGraph } from './graphs';
import { pointerPan, wheelZoom, startFrames, stopFrames, type FrameStats } from './frames';
import { loadMarks, measureLoad } from './load';

const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const describe = (name: string, f: FrameStats) =>
  `${name}: ${f.fps.toFixed(1)} fps average, worst second ${f.worstWindowFps} frames, longest frame ${Math.round(f.longestFrameMs)} ms`;

async function saveGraph(url: string, document: GraphDocumentInput): Promise<string> {
  const res = await fetch(`${url}/api/v1/graphs`, { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders(url) }, body: JSON.stringify({ document }) });
  if (res.status !== 201) throw new Error(`saving the benchmark graph failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { graph: { id: string } }).graph.id;
}

async function loads(page: Page, url: string, graph: GraphDocumentInput, label: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await measureLoad(page, url, graph);
    times.push(r.ms);
    log(`${label} load ${i + 1}: ${Math.round(r.ms)} ms (${r.inView} nodes in view, ${r.rendered} shown, ${r.edges} edges drawn; ${await loadMarks(page)})`);
  }
  return Math.round(median(times));
}

async function main(): Promise<void> {
  const prebuilt = process.env.BENCH_EDITOR_DIR;
  const editorDir = prebuilt ?? buildEditor();
  const server = await startTestServer(embeddedTarget, { editorDir, concurrency: 32 });
  const browser = await launchBrowser({ width: 1600, height: 960 });
  // The editor asks to sign in on a set-up lab: the browser carries the owner's session.
  await signInBrowser(browser.context, server);
  const page = browser.page;
  fs.mkdirSync('/tmp/shots', { recursive: true });
  // tsx compiles with esbuild's keepNames, which wraps functions passed to page.evaluate in
  // a `__name(...)` helper the page does not have.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  try {
    const big = largeGraph(20, 50, 1200, { min: 0.1, spread: 0.4 });
    const huge = largeGraph(50, 100, 6000);
    log(`graphs: ${big.nodes.length} nodes / ${big.edges.length} edges, ${huge.nodes.length} nodes / ${huge.edges.length} edges`);
    const bigId = await saveGraph(server.url, big);
    const hugeId = await saveGraph(server.url, huge);

    // Warm the browser cache with the editor's assets, as a returning user has them.
    await page.goto(server.url);
    await page.locator('.palette-item').first().waitFor();

    // 1,000 nodes.
    const loadMs = await loads(page, `${server.url}/?graph=${bigId}`, big, '1k');
    await page.waitForTimeout(300);
    const panFit = await pointerPan(page, 3000);
    log(describe('1k pan, fitted view', panFit));
    await page.screenshot({ path: '/tmp/shots/bench-1k-fitted.png' });
    const zoom = await wheelZoom(page, 4000);
    log(describe('1k wheel zoom', zoom));
    await page.evaluate(() => window.__coinlab!.setViewport({ x: 0, y: 0, zoom: 0.6 }));
    await page.waitForTimeout(300);
    const panNear = await pointerPan(page, 3000);
    log(describe('1k pan, zoom 0.6', panNear));
    await page.screenshot({ path: '/tmp/shots/bench-1k-zoom-0.6.png' });
    const pan = panFit.fps < panNear.fps ? panFit : panNear;

    // A run streaming into the 1,000-node graph, fitted in view.
    await page.evaluate(() => window.__coinlab!.fitView());
    await page.waitForTimeout(300);
    await page.getByRole('button', { name: '▶ Run' }).click();
    await page.waitForFunction(() => window.__coinlab!.runState().status === 'running');
    await startFrames(page);
    await page.waitForTimeout(5000);
    const run = await stopFrames(page);
    const state = await page.evaluate(() => window.__coinlab!.runState());
    await page.screenshot({ path: '/tmp/shots/bench-1k-run.png' });
    const active = Object.values(state.nodes).filter((s) => s !== 'idle').length;
    log(`${describe('1k run', run)}; ${state.cursor} events, ${active} nodes with a status so far`);
    if (state.runId) await fetch(`${server.url}/api/v1/runs/${state.runId}/cancel`, { method: 'POST', headers: authHeaders(server.url) });

    // 5,000 nodes.
    const load5k = await loads(page, `${server.url}/?graph=${hugeId}`, huge, '5k');
    await page.waitForTimeout(300);
    const pan5k = await pointerPan(page, 3000);
    log(describe('5k pan, fitted view', pan5k));
    await page.screenshot({ path: '/tmp/shots/bench-5k-fitted.png' });

    const figures = {
      load_ms: loadMs,
      pan_fps: Math.round(pan.fps),
      zoom_fps: Math.round(zoom.fps),
      run_fps: run.worstWindowFps,
      load_ms_5k: load5k,
      pan_fps_5k: Math.round(pan5k.fps),
    };
    const missed = [
      figures.load_ms < 1000 ? '' : 'load < 1000 ms',
      figures.pan_fps >= 55 ? '' : 'pan >= 55 fps',
      figures.zoom_fps >= 55 ? '' : 'zoom >= 55 fps',
      figures.run_fps >= 50 ? '' : 'run >= 50 fps',
      figures.load_ms_5k < 3000 ? '' : '5k load < 3000 ms',
      figures.pan_fps_5k >= 30 ? '' : '5k pan >= 30 fps',
    ].filter(Boolean);
    log(missed.length ? `TARGET MISSED: ${missed.join(', ')}` : 'all targets met');
    process.stdout.write(`${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' ')}\n`);
  } finally {
    await browser.close();
    await server.close();
    if (!prebuilt) fs.rmSync(editorDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
