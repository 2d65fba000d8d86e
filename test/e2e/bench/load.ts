import type { Page } from 'playwright-core';
import type { GraphDocumentInput } from '@coinlab/shared';

/** Inside every card of the benchmark graphs (244 wide, 90 or more high), so a node counted in view is one React Flow must draw. */
const CARD = { width: 230, height: 80 };

/**
 * The mark the editor sets once the loaded graph is fitted into view. Editors built before it
 * existed (measured for comparison with BENCH_EDITOR_DIR) set only coinlab:nodes-measured,
 * just before fitting: BENCH_LOAD_MARK=coinlab:nodes-measured measures those.
 */
const FITTED_MARK = process.env.BENCH_LOAD_MARK ?? 'coinlab:view-fitted';

export interface LoadResult {
  ms: number;
  inView: number;
  rendered: number;
  edges: number;
}

/**
 * Opens a saved graph by its URL and returns the time from navigation start until the view
 * is fitted (the editor marks coinlab:view-fitted) and every node in view shows its final content: rendered, not hidden, with its
 * card (carrying its status) inside, every edge between two such nodes drawn, and a frame
 * painted after that; or, at the placeholder level, the canvas layer has drawn them at the
 * current viewport. Which nodes are in view follows from the graph's positions and the
 * viewport, so a canvas that drew fewer nodes than it should would never finish.
 */
export async function measureLoad(page: Page, url: string, graph: GraphDocumentInput): Promise<LoadResult> {
  await page.goto(url);
  const nodes = graph.nodes.map((n) => [n.id, n.position?.x ?? 0, n.position?.y ?? 0] as const);
  const edges = graph.edges.map((e) => [e.source.node, e.target.node] as const);
  return page.evaluate(
    ({ nodes, edges, card, mark }) =>
      new Promise<LoadResult>((resolve) => {
        const check = () => {
          const flow = document.querySelector('.react-flow');
          const v = window.__coinlab?.getViewport();
          if (!flow || !v || performance.getEntriesByName(mark).length === 0) return requestAnimationFrame(check);
          const box = flow.getBoundingClientRect();
          const inView = new Set<string>();
          for (const [id, x, y] of nodes) {
            const left = x * v.zoom + v.x;
            const top = y * v.zoom + v.y;
            if (left < box.width && left + card.width * v.zoom > 0 && top < box.height && top + card.height * v.zoom > 0) inView.add(id);
          }
          // At the placeholder level the nodes are drawn on the canvas layer, which notes what it drew.
          const far = document.querySelector<HTMLCanvasElement>('canvas.far-layer');
          if (far && far.dataset.drawnView === `${v.x},${v.y},${v.zoom}` && Number(far.dataset.drawnNodes) >= inView.size && inView.size > 0) {
            const drawn = Number(far.dataset.drawnNodes);
            return requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now(), inView: inView.size, rendered: drawn, edges: -1 })));
          }
          const shown = new Set<string>();
          for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
            if (el.style.visibility === 'hidden' || !el.querySelector('.node-card[data-status]')) continue;
            shown.add(el.dataset.id ?? '');
          }
          let missing = 0;
          for (const id of inView) if (!shown.has(id)) missing++;
          let edgesInView = 0;
          for (const [a, b] of edges) if (inView.has(a) && inView.has(b)) edgesInView++;
          const drawn = document.querySelectorAll('.react-flow__edge').length;
          if (inView.size === 0 || missing > 0 || drawn < edgesInView) return requestAnimationFrame(check);
          requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now(), inView: inView.size, rendered: shown.size, edges: drawn })));
        };
        check();
      }),
    { nodes, edges, card: CARD, mark: FITTED_MARK },
  );
}

/** performance marks the editor sets while it loads (coinlab:*), for the log. */
export async function loadMarks(page: Page): Promise<string> {
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name.replace('coinlab:', '')} ${Math.round(m.startTime)}`));
  return marks.join(', ');
}
