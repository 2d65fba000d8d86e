import { useGraphStore } from '../stores/graph-store';
import { useCatalogStore } from '../stores/catalog-store';
import { useRunListStore } from '../stores/run-list-store';
import { watchProblems } from '../stores/problems-store';
import { onRunsChanged } from '../run/stream';
import { readDraft, watchDraft } from './draft';
import { readDocument } from './documents';
import { openGraph } from './graph-actions';
import { openGraphWithLastRun, openRun, watchRunCompletion, watchRunDivergence } from './run-actions';
import { readLocation } from './url';
import { whenIdle } from '../util/idle';

/**
 * Start-up: reopen what the address bar names (graph, run), bring back unsaved edits from
 * the draft, and keep the derived state (problems, drafts, run lists) in step.
 */
let started = false;

export async function initSession(): Promise<void> {
  if (started) return; // StrictMode runs effects twice in development
  started = true;
  watchProblems();
  watchDraft();
  watchRunCompletion();
  watchRunDivergence();
  onRunsChanged((change) => {
    const graphId = useGraphStore.getState().graphId;
    if (graphId && change.graphId === graphId) void useRunListStore.getState().load(graphId);
  });
  // Coins fill the coin pickers; the canvas comes first.
  whenIdle(() => void useCatalogStore.getState().loadCoins());

  const loc = readLocation();
  const draft = readDraft();
  // A run named in the address bar is shown below; otherwise the graph's last run is.
  if (loc.graph) await (loc.run ? openGraph(loc.graph) : openGraphWithLastRun(loc.graph));
  if (draft && draft.graphId === (loc.graph ?? null)) {
    const g = useGraphStore.getState();
    const read = readDocument(draft.document);
    if (read.ok && !g.readOnly && (draft.graphId === null || draft.baseVersion === g.savedVersion)) {
      g.load(read.document, { graphId: g.graphId, version: g.savedVersion, dirty: true });
    }
  }
  if (loc.run) await openRun(loc.run);
}
