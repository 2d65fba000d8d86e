import { FINAL_RUN_STATUSES } from '@coinlab/shared';
import { api } from '../api/client';
import { useGraphStore } from '../stores/graph-store';
import { useProblemsStore } from '../stores/problems-store';
import { useCatalogStore } from '../stores/catalog-store';
import { useRunStore } from '../stores/run-store';
import { useRunListStore } from '../stores/run-list-store';
import { useUiStore } from '../stores/ui-store';
import { followRun } from '../run/stream';
import { readDocument } from './documents';
import { reportError } from './errors';
import { openGraph, saveGraph } from './graph-actions';
import { writeLocation } from './url';

/**
 * Runs start from a saved version (saving first when needed), so every run in the history
 * points at the exact graph it ran and a reload finds both.
 */
export async function runGraph(): Promise<void> {
  const ui = useUiStore.getState();
  if (useGraphStore.getState().readOnly) {
    ui.toast('This graph is shared with you as viewer: use “Run a copy” to run it as your own', 'info');
    return;
  }
  useProblemsStore.getState().validateNow();
  const problems = useProblemsStore.getState().problems;
  if (problems.length) {
    ui.showBottom('problems');
    ui.toast(`Fix ${problems.length} problem${problems.length > 1 ? 's' : ''} before running`, 'error');
    return;
  }
  if (!useGraphStore.getState().nodes.length) {
    ui.toast('Add some nodes first: drag them from the palette', 'info');
    return;
  }
  ui.setBusy('Starting run');
  try {
    await warnAboutMissingData();
    const g = useGraphStore.getState();
    if (!g.graphId || g.rev !== g.savedRev) {
      if (!(await saveGraph())) return;
    }
    const { graphId, savedVersion } = useGraphStore.getState();
    const runId = await api.startRun({ graphId: graphId!, ...(savedVersion ? { version: savedVersion } : {}) });
    useRunStore.getState().begin(runId);
    followRun(runId);
    writeLocation({ run: runId });
    ui.showBottom('logs');
    void useRunListStore.getState().load(graphId);
  } catch (err) {
    reportError('Starting the run', err);
  } finally {
    ui.setBusy(null);
  }
}

/**
 * Data warnings don't block a run (the user may be about to import), but they say it. The
 * coin list may predate an import made a moment ago in a terminal, so it is asked for again.
 */
async function warnAboutMissingData(): Promise<void> {
  if (!useProblemsStore.getState().warnings.length) return;
  await useCatalogStore.getState().loadCoins(true);
  useProblemsStore.getState().checkDataNow();
  const warnings = useProblemsStore.getState().warnings;
  if (!warnings.length) return;
  const coins = [...new Set(warnings.map((w) => w.coin))];
  useUiStore.getState().toast(`Running without data for ${coins.join(', ')}: the nodes loading it will fail (see Problems)`, 'info');
}

export async function cancelRun(): Promise<void> {
  const { runId } = useRunStore.getState();
  if (!runId) return;
  try {
    await api.cancelRun(runId);
    useUiStore.getState().toast('Cancelling…', 'info');
  } catch (err) {
    reportError('Cancelling', err);
  }
}

/**
 * Shows a run on the canvas: its snapshot at once, then its events (stored ones for the log,
 * live ones while it runs). When the run used another version than the canvas shows, that
 * version is put on the canvas (undoable) so statuses line up with the nodes they belong to.
 */
export async function openRun(runId: string, opts: { unlessMovedOn?: { docSeq: number } } = {}): Promise<boolean> {
  try {
    const { run, document, snapshot } = await api.getRun(runId);
    const g = useGraphStore.getState();
    // Shown on its own (the last run of a reopened graph): not over a run the user started
    // or chose meanwhile, nor over another graph.
    if (opts.unlessMovedOn && (useRunStore.getState().runId !== null || g.docSeq !== opts.unlessMovedOn.docSeq)) return false;
    const sameGraph = run.graphId !== null && run.graphId === g.graphId && run.graphVersion === g.savedVersion;
    if (!sameGraph) {
      const read = readDocument(document, { check: false });
      const doc = read.ok ? read.document : read.document;
      if (doc) {
        if (run.graphId && run.graphId !== g.graphId) g.load(doc, { graphId: run.graphId, version: run.graphVersion });
        else g.replace(doc);
      }
    }
    useRunStore.getState().begin(runId, snapshot, run);
    followRun(runId);
    writeLocation({ graph: useGraphStore.getState().graphId, run: runId });
    if (run.graphId) void useRunListStore.getState().load(run.graphId);
    return true;
  } catch (err) {
    reportError('Opening the run', err);
    return false;
  }
}

/**
 * Opens a run from another view (an alert, an automation's last run): the view gives way to
 * the canvas once the run is on it, so the canvas never shows the previous run's statuses
 * under the new one's name in between.
 */
export async function showRunOnCanvas(runId: string): Promise<void> {
  if (await openRun(runId)) useUiStore.getState().showGraph();
}

/**
 * Opens a saved graph and, once its history is in, shows the newest run of the version on
 * the canvas: a reopened graph shows how it last ended instead of idle cards. Nothing is
 * shown when the user moved on meanwhile (another graph, a run of their choosing).
 */
export function openGraphWithLastRun(graphId: string): Promise<boolean> {
  return openGraph(graphId, {
    afterHistory(docSeq) {
      const g = useGraphStore.getState();
      if (g.docSeq !== docSeq || g.graphId !== graphId || useRunStore.getState().runId !== null) return;
      const runs = useRunListStore.getState().runs.filter((r) => r.graphId === graphId && r.graphVersion === g.savedVersion);
      const last = runs.reduce<(typeof runs)[number] | null>((a, r) => (!a || r.createdAt > a.createdAt ? r : a), null);
      if (last) void openRun(last.id, { unlessMovedOn: { docSeq } });
    },
  });
}

/** Keeps the run summary fresh when the run reaches a final state. */
export function watchRunCompletion(): () => void {
  return useRunStore.subscribe((s, prev) => {
    const status = s.snapshot?.status;
    const before = prev.snapshot?.status;
    // Only a run seen going from active to finished is news; opening a finished run is not.
    if (!s.runId || s.runId !== prev.runId || !status || !before || status === before || !FINAL_RUN_STATUSES.includes(status) || FINAL_RUN_STATUSES.includes(before)) return;
    const runId = s.runId;
    void api
      .getRun(runId)
      .then(({ run }) => useRunStore.getState().setRun(run))
      .catch(() => undefined);
    void useRunListStore.getState().load(useGraphStore.getState().graphId);
    const ui = useUiStore.getState();
    if (status === 'succeeded') ui.toast('Run finished', 'success');
    else if (status === 'failed') ui.toast(`Run failed${s.snapshot?.failedNode ? ` at ${s.snapshot.failedNode}` : ''}: ${s.snapshot?.error ?? ''}`, 'error');
    else ui.toast(`Run ${status}`, 'info');
  });
}

/**
 * A run whose history on the server is not the one the canvas folded (events we were sent were
 * lost in a server crash, and their seqs reused) is reloaded from the server's snapshot.
 */
export function watchRunDivergence(): () => void {
  return useRunStore.subscribe((s, prev) => {
    if (s.runId && s.snapshot?.diverged && !prev.snapshot?.diverged) void openRun(s.runId);
  });
}

export async function answerInteraction(interactionId: string, decision: string, reason?: string): Promise<void> {
  const { runId } = useRunStore.getState();
  if (!runId) return;
  try {
    await api.answerInteraction(runId, interactionId, { decision, ...(reason ? { reason } : {}) });
    useUiStore.getState().toast(`Answered: ${decision}`, 'success');
  } catch (err) {
    reportError('Answering', err);
  }
}
