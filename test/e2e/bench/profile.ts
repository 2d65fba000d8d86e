/**
 * Where the editor's load time goes, for the editor benchmark's graphs: opens a saved graph by
 * its URL (like `pnpm bench:editor`, against the real runtime in headless Chromium) with the
 * V8 CPU profiler on, then prints
 *  - the navigation and resource timings (the document, the scripts and styles, the graph
 *    request: when each started and ended),
 *  - the editor's own marks (coinlab:*) and when the load finished (load.ts),
 *  - the long tasks, and the functions with the most self time, grouped by script, plus the
 *    time the browser spent outside JavaScript (style, layout, paint: "(program)" and gc).
 * The phases after the load (`pan`, `zoom`, `run`, as bench:editor drives them) print the
 * frame rate and the same self times.
 * Run with `pnpm exec tsx test/e2e/bench/profile.ts [1k|5k] [load|pan|zoom|run] [runs]`;
 * BENCH_EDITOR_DIR=<built editor> profiles a prebuilt editor (build:e2e) instead of building this one.
 */
import fs from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import type { GraphDocumentInput } from '@coinlab/shared';
import { launchBrowser } from '../../support/browser';
import { embeddedTarget } from '../../support/db';
import { startTestServer } from '../../support/server';
import { authHeaders } from '../../support/auth';
import { signInBrowser } from '../sign-in';
import { buildEditor } from '../editor-helpers';
import { largeGraph } from './graphs';
import { measureLoad } from './load';
import { pointerPan, startFrames, stopFrames, wheelZoom } from './frames';

const log = (s: string) => process.stdout.write(`${s}\n`);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (ms), from the sampled profile. */
function selfTimes(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]!)!;
    const file = n.callFrame.url.split('/').pop() || '';
    const key = `${n.callFrame.functionName || '(anonymous)'} ${file}${file ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return out;
}

async function timings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const r = (x: number) => Math.round(x);
    const lines: string[] = [];
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (nav) lines.push(`document: request ${r(nav.requestStart)}, response ${r(nav.responseStart)}-${r(nav.responseEnd)}, dom interactive ${r(nav.domInteractive)}, content loaded ${r(nav.domContentLoadedEventEnd)}`);
    for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      const name = e.name.replace(location.origin, '');
      lines.push(`${e.initiatorType.padEnd(6)} ${name.slice(0, 70).padEnd(70)} start ${String(r(e.startTime)).padStart(5)}  end ${String(r(e.responseEnd)).padStart(5)}  ${Math.round(e.transferSize / 1024)} kB`);
    }
    for (const m of performance.getEntriesByType('mark')) lines.push(`mark   ${m.name.padEnd(70)} at ${r(m.startTime)}`);
    return lines;
  });
}

async function profiled<T>(cdp: CDPSession, work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  return { result, profile };
}

async function longTasks(page: Page): Promise<string> {
  const tasks = await page.evaluate(() => {
    const w = window as unknown as { __longTasks?: [number, number][] };
    const out = w.__longTasks ?? [];
    w.__longTasks = [];
    return out;
  });
  return tasks.map(([s, d]) => `${Math.round(s)}+${Math.round(d)}`).join(', ');
}

async function profileLoad(page: Page, cdp: CDPSession, url: string, graph: GraphDocumentInput): Promise<void> {
  const { result: load, profile } = await profiled(cdp, () => measureLoad(page, url, graph));
  // PROFILE_OUT=<file> keeps the raw profile (Chrome DevTools opens it) for call stacks.
  if (process.env.PROFILE_OUT) fs.writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  log(`\nloaded at ${Math.round(load.ms)} ms (${load.inView} nodes in view, ${load.rendered} shown)`);
  for (const line of await timings(page)) log(`  ${line}`);
  log(`  long tasks (start+duration ms): ${await longTasks(page)}`);
  printProfile(profile);
}

async function profilePhase(page: Page, cdp: CDPSession, phase: 'pan' | 'zoom' | 'run'): Promise<void> {
  if (phase === 'run') {
    await page.getByRole('button', { name: '▶ Run' }).click();
    await page.waitForFunction(() => window.__coinlab!.runState().status === 'running');
  }
  await longTasks(page);
  const { result: frames, profile } = await profiled(cdp, async () => {
    if (phase === 'pan') return pointerPan(page, 3000);
    if (phase === 'zoom') return wheelZoom(page, 4000);
    await startFrames(page);
    await page.waitForTimeout(4000);
    return stopFrames(page);
  });
  log(`\n${phase}: ${frames.fps.toFixed(1)} fps, worst second ${frames.worstWindowFps}, longest frame ${Math.round(frames.longestFrameMs)} ms`);
  log(`  long tasks (start+duration ms): ${await longTasks(page)}`);
  printProfile(profile);
}

function printProfile(profile: CpuProfile): void {
  const self = [...selfTimes(profile)].sort((a, b) => b[1] - a[1]);
  const total = self.reduce((s, [, t]) => s + t, 0);
  const byScript = new Map<string, number>();
  for (const [key, t] of self) {
    const file = key.split(' ').pop()!.split(':')[0] || key;
    byScript.set(file, (byScript.get(file) ?? 0) + t);
  }
  log(`  sampled ${Math.round(total)} ms; by script: ${[...byScript].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([f, t]) => `${f} ${Math.round(t)}`).join(', ')}`);
  log('  top self time:');
  for (const [key, t] of self.slice(0, 25)) log(`    ${t.toFixed(1).padStart(7)} ms  ${key}`);
}

async function main(): Promise<void> {
  const which = process.argv[2] === '5k' ? '5k' : '1k';
  const phase = (['pan', 'zoom', 'run'] as const).find((p) => p === process.argv[3]) ?? 'load';
  const runs = Number(process.argv[4] ?? 2);
  const prebuilt = process.env.BENCH_EDITOR_DIR;
  const editorDir = prebuilt ?? buildEditor();
  const server = await startTestServer(embeddedTarget, { editorDir, concurrency: 32 });
  const browser = await launchBrowser({ width: 1600, height: 960 });
  // The editor asks to sign in on a set-up lab: the browser carries the owner's session.
  await signInBrowser(browser.context, server);
  const page = browser.page;
  await page.addInitScript({
    content: `window.__name = (f) => f; window.__longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });`,
  });
  try {
    const graph = which === '5k' ? largeGraph(50, 100, 6000) : largeGraph(20, 50, 1200, { min: 0.1, spread: 0.4 });
    const res = await fetch(`${server.url}/api/v1/graphs`, { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders(server.url) }, body: JSON.stringify({ document: graph }) });
    const id = ((await res.json()) as { graph: { id: string } }).graph.id;
    await page.goto(server.url);
    await page.locator('.palette-item').first().waitFor();
    const cdp = await page.context().newCDPSession(page);
    for (let i = 0; i < runs; i++) {
      if (phase === 'load' || i === 0) await profileLoad(page, cdp, `${server.url}/?graph=${id}`, graph);
      if (phase === 'run') await page.evaluate(() => window.__coinlab!.fitView());
      if (phase !== 'load') await profilePhase(page, cdp, phase);
    }
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
