import { create } from 'zustand';
import { validateGraph, type GraphProblem } from '@coinlab/shared';
import { catalog } from '../catalog/catalog';
import { useGraphStore } from './graph-store';
import { useCatalogStore } from './catalog-store';
import { dataWarnings, type DataWarning } from './data-warnings';
import { whenIdle } from '../util/idle';

/**
 * The graph's problems as the runtime would report them: the shared validateGraph run on
 * the current document, a moment after each edit (a 1000-node graph takes a few ms).
 * Beside them, data warnings: coins and date ranges the database has no candles for. They
 * are kept apart (`problems` and `byNode` stay the runtime's problems only) because they
 * don't block Run: the user may be about to import.
 */
interface ProblemsState {
  rev: number;
  problems: GraphProblem[];
  byNode: ReadonlyMap<string, GraphProblem[]>;
  warnings: DataWarning[];
  warningsByNode: ReadonlyMap<string, DataWarning[]>;
  validateNow(): void;
  /** Recomputes the data warnings alone (when the coin list changes). */
  checkDataNow(): void;
}

const EMPTY: GraphProblem[] = [];
const NO_WARNINGS: DataWarning[] = [];

function groupByNode<T extends { nodeId?: string }>(items: readonly T[]): Map<string, T[]> {
  const byNode = new Map<string, T[]>();
  for (const p of items) {
    if (!p.nodeId) continue;
    const list = byNode.get(p.nodeId);
    if (list) list.push(p);
    else byNode.set(p.nodeId, [p]);
  }
  return byNode;
}

function warningsNow(): Pick<ProblemsState, 'warnings' | 'warningsByNode'> {
  // Until the coin list has arrived nothing is known about the data: no warnings.
  const coins = useCatalogStore.getState().coins;
  const warnings = coins ? dataWarnings(useGraphStore.getState().toDocument(), coins, catalog) : NO_WARNINGS;
  return { warnings, warningsByNode: groupByNode(warnings) };
}

export const useProblemsStore = create<ProblemsState>()((set, get) => ({
  rev: -1,
  problems: EMPTY,
  byNode: new Map(),
  warnings: NO_WARNINGS,
  warningsByNode: new Map(),
  validateNow() {
    const g = useGraphStore.getState();
    const result = validateGraph(g.toDocument(), catalog);
    set({ rev: g.rev, problems: result.problems, byNode: groupByNode(result.problems), ...warningsNow() });
  },
  checkDataNow() {
    const next = warningsNow();
    // A refetch on focus mostly brings the same list: keep the old array, so nothing re-renders.
    if (JSON.stringify(next.warnings) !== JSON.stringify(get().warnings)) set(next);
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
  const unwatchCoins = watchCoins();
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
    unwatchCoins();
  };
}

/**
 * Data warnings follow the coin list, which is refetched whenever the window regains focus
 * (a cheap GET): candles are imported with the CLI, in another window.
 */
function watchCoins(): () => void {
  const unsubscribe = useCatalogStore.subscribe((s, prev) => {
    if (s.coins !== prev.coins) useProblemsStore.getState().checkDataNow();
  });
  const onFocus = () => void useCatalogStore.getState().loadCoins(true);
  window.addEventListener('focus', onFocus);
  return () => {
    unsubscribe();
    window.removeEventListener('focus', onFocus);
  };
}

export function nodeProblems(nodeId: string): (s: ProblemsState) => GraphProblem[] | undefined {
  return (s) => s.byNode.get(nodeId);
}

export function nodeWarnings(nodeId: string): (s: ProblemsState) => DataWarning[] | undefined {
  return (s) => s.warningsByNode.get(nodeId);
}
