import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../support/paths';

/**
 * Canvas actions for the editor's end-to-end tests, written the way a user works: drag
 * from the palette, drag between handles, click cards. Selectors lean on React Flow's
 * own attributes (data-id, data-handleid) and the editor's data-* hooks.
 */

/**
 * Builds the editor into a fresh folder, so tests never serve a stale editor/dist. The 'e2e'
 * mode is a production build that keeps the test hooks (window.__coinlab) the tests drive;
 * the shipped bundle (`vite build`, mode 'production') has none. 'production' builds it as shipped.
 */
export function buildEditor(mode: 'e2e' | 'production' = 'e2e'): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'coinlab-editor-'));
  execFileSync(path.join(REPO_ROOT, 'editor/node_modules/.bin/vite'), ['build', '--mode', mode, '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: path.join(REPO_ROOT, 'editor'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}

export const node = (id: string) => `.react-flow__node[data-id="${id}"]`;
export const handle = (nodeId: string, port: string, side: 'source' | 'target') =>
  `${node(nodeId)} .react-flow__handle.${side}[data-handleid="${port}"]`;

/** Drags a node type from the palette onto the canvas at (x, y) relative to the canvas. */
export async function dragFromPalette(page: Page, nodeType: string, x: number, y: number): Promise<void> {
  const pane = page.locator('.react-flow__pane');
  await page.locator(`.palette-item[data-node-type="${nodeType}"]`).dragTo(pane, { targetPosition: { x, y } });
}

export async function nodeIds(page: Page): Promise<string[]> {
  return page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
}

/** Presses on one handle and releases on another, moving in steps like a hand would. */
export async function connect(page: Page, from: { node: string; port: string }, to: { node: string; port: string }): Promise<void> {
  const a = await page.locator(handle(from.node, from.port, 'source')).boundingBox();
  const b = await page.locator(handle(to.node, to.port, 'target')).boundingBox();
  if (!a || !b) throw new Error(`handle not visible: ${from.node}.${from.port} or ${to.node}.${to.port}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Selects a node by clicking its title. */
export async function selectNode(page: Page, id: string): Promise<void> {
  await page.locator(`${node(id)} .node-head`).click();
  await page.locator(`[data-inspector-node="${id}"]`).waitFor();
}

export async function edgeCount(page: Page): Promise<number> {
  return page.locator('.react-flow__edge').count();
}

/**
 * Records every status each node card shows, from inside the page (a MutationObserver on
 * data-status), so a test can tell that statuses changed live rather than at the end.
 */
export async function recordStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, string[]> = {};
    const note = (el: Element) => {
      const id = el.getAttribute('data-node-id');
      const status = el.getAttribute('data-status');
      if (!id || !status) return;
      const list = (seen[id] ??= []);
      if (list[list.length - 1] !== status) list.push(status);
    };
    document.querySelectorAll('.node-card').forEach(note);
    new MutationObserver((muts) => {
      for (const m of muts) {
        if (m.type === 'attributes' && m.target instanceof Element && m.target.classList.contains('node-card')) note(m.target);
        m.addedNodes.forEach((n) => n instanceof Element && n.querySelectorAll?.('.node-card').forEach(note));
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    (window as unknown as { __statuses: typeof seen }).__statuses = seen;
  });
}

export async function recordedStatuses(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => (window as unknown as { __statuses: Record<string, string[]> }).__statuses);
}

export async function waitForNodeStatus(page: Page, id: string, statuses: string[], timeout = 60_000): Promise<string> {
  const handleEl = await page.waitForFunction(
    ({ id, statuses }) => {
      const s = document.querySelector(`.node-card[data-node-id="${id}"]`)?.getAttribute('data-status');
      return s && statuses.includes(s) ? s : null;
    },
    { id, statuses },
    { timeout },
  );
  return (await handleEl.jsonValue()) as string;
}

export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.COINLAB_SHOTS ?? '/tmp/shots';
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** The editor's test hooks (editor/src/app/test-hooks.ts), as the page exposes them. */
declare global {
  interface Window {
    __coinlab?: {
      loadDocument(doc: unknown): boolean;
      document(): unknown;
      runState(): { runId: string | null; status: string | null; nodes: Record<string, string>; cursor: number; logs: number };
      beginRun(runId: string): void;
      pushEvents(events: unknown[]): void;
      problems(): { path: string; message: string }[];
      fitView(): void;
      setViewport(v: { x: number; y: number; zoom: number }): void;
      getViewport(): { x: number; y: number; zoom: number } | null;
      geometry(nodeId: string): { width: number; height: number; handles: { id: string; type: string; x: number; y: number; width: number; height: number }[] } | null;
    };
  }
}

/** Shows a tab of the bottom dock (clicking the active tab would fold the dock). */
export async function showDock(page: Page, tab: 'problems' | 'logs' | 'runs' | 'artifacts' | 'data'): Promise<void> {
  const button = page.locator(`[data-dock-tab="${tab}"]`);
  if ((await button.getAttribute('aria-selected')) !== 'true') await button.click();
}

/** Opens the Automations view from the top bar (when it is not open) at one of its sections. */
export async function showAutomations(page: Page, section: 'schedules' | 'experiments' | 'paper' | 'alerts'): Promise<void> {
  const view = page.getByTestId('automations-view');
  if (!(await view.isVisible())) await page.getByTestId('automations-toggle').click();
  await page.locator(`[data-automations-section="${section}"]`).click();
  await page.locator(`[data-testid="automations-view"][data-section="${section}"]`).waitFor();
}

/**
 * Node ids in the graph document. The canvas renders only the cards in view, and a new graph is
 * fitted to the view only after its cards were measured: reading the cards right after a graph
 * arrives can miss some.
 */
export async function documentNodeIds(page: Page): Promise<string[]> {
  return page.evaluate(() => ((window.__coinlab!.document() as { nodes?: { id: string }[] }).nodes ?? []).map((n) => n.id));
}

/** Edges in the graph document (the canvas only draws the ones in view). */
export async function documentEdgeCount(page: Page): Promise<number> {
  return page.evaluate(() => (window.__coinlab!.document() as { edges: unknown[] }).edges.length);
}

/**
 * Compares a rendered card with the geometry the canvas hands React Flow before measuring
 * (size and handle boxes, in flow units): they must agree or edges would attach off the handles.
 */
export async function geometryMismatch(page: Page, id: string): Promise<string[]> {
  return page.evaluate((id) => {
    const el = document.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement;
    const g = window.__coinlab!.geometry(id)!;
    const zoom = window.__coinlab!.getViewport()!.zoom;
    const box = el.getBoundingClientRect();
    const out: string[] = [];
    const near = (a: number, b: number) => Math.abs(a - b) < 0.6;
    if (!near(box.width / zoom, g.width) || !near(box.height / zoom, g.height)) out.push(`${id} size ${box.width / zoom}x${box.height / zoom} != ${g.width}x${g.height}`);
    for (const h of g.handles) {
      const hEl = el.querySelector(`.react-flow__handle.${h.type}[data-handleid="${h.id}"]`);
      if (!hEl) {
        out.push(`${id}.${h.id} missing`);
        continue;
      }
      const r = hEl.getBoundingClientRect();
      const x = (r.left - box.left) / zoom;
      const y = (r.top - box.top) / zoom;
      if (!near(x, h.x) || !near(y, h.y) || !near(r.width / zoom, h.width)) out.push(`${id}.${h.id} at ${x},${y} (${r.width / zoom}) != ${h.x},${h.y} (${h.width})`);
    }
    return out;
  }, id);
}
