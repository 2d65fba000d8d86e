import { create } from 'zustand';
import { validateGraph, type GraphProblem } from '@coinlab/shared';
import { catalog } from '../catalog/catalog';
import { useGraphStore } from './graph-store';
import { whenIdle } from '../util/idle';

/**
 * The graph's problems as the runtime would report them: the shared validateGraph run on
 * the current document, a moment after each edit (a 1000-node graph takes a few ms).
 */
interface ProblemsState {
  rev: number;
  problems: GraphProblem[];
  byNode: ReadonlyMap<string, GraphProblem[]>;
  validateNow(): void;
}

const EMPTY: GraphProblem[] = [];

export const useProblemsStore = create<ProblemsState>()((set) => ({
  rev: -1,
  problems: EMPTY,
  byNode: new Map(),
  validateNow() {
    const g = useGraphStore.getState();
    const result = validateGraph(g.toDocument(), catalog);
    const byNode = new Map<string, GraphProblem[]>();
    for (const p of result.problems) {
      if (!p.nodeId) continue;
      const list = byNode.get(p.nodeId);
      if (list) list.push(p);
      else byNode.set(p.nodeId, [p]);
    }
    set({ rev: g.rev, problems: result.problems, byNode });
  },
}));

/** Keeps problems in step with the graph; returns the unsubscribe function. */
export function watchProblems(delayMs = 120): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  useProblemsStore.getState().validateNow();
  const unsubscribe = useGraphStore.subscribe((s, prev) => {
    if (s.rev === prev.rev) return;
    if (timer) clearTimeout(timer);
    // A whole new document waits for the canvas to draw it first (validating 1000 nodes
    // takes a while); edits are checked a moment after the last keystroke.
    const wait = s.loadCount !== prev.loadCount ? Math.max(delayMs, 400) : delayMs;
    timer = setTimeout(() => {
      timer = null;
      // Off the rendering path: when the browser is idle (or after 1 s at the latest).
      whenIdle(() => useProblemsStore.getState().validateNow(), 1000);
    }, wait);
  });
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
  };
}

export function nodeProblems(nodeId: string): (s: ProblemsState) => GraphProblem[] | undefined {
  return (s) => s.byNode.get(nodeId);
}
