import type { GraphDocument } from '@coinlab/shared';
import { api } from '../api/client';
import { ApiError } from '../api/http';
import { useGraphStore } from '../stores/graph-store';
import { useRunStore } from '../stores/run-store';
import { useRunListStore } from '../stores/run-list-store';
import { useUiStore } from '../stores/ui-store';
import { stopFollowing } from '../run/stream';
import { clearDraft } from './draft';
import { emptyDocument, readDocument } from './documents';
import { reportError } from './errors';
import { writeLocation } from './url';
import { whenIdle } from '../util/idle';
import { accessOf, fillOwnerName, useGraphAccessStore } from '../auth/graph-access-store';

/** Opening, saving and managing graphs: API calls plus the store updates that follow. */

function toast(message: string, tone: 'info' | 'success' | 'error' = 'info'): void {
  useUiStore.getState().toast(message, tone);
}

export function newGraph(doc: GraphDocument = emptyDocument(), opts: { dirty?: boolean; tidy?: boolean } = {}): void {
  stopFollowing();
  useRunStore.getState().clear();
  useGraphStore.getState().load(doc, { graphId: null, version: null, dirty: opts.dirty ?? false, tidy: opts.tidy ?? false });
  void useRunListStore.getState().load(null);
  writeLocation({ graph: null, run: null });
}

/**
 * Opens a saved graph; `afterHistory` is called once its run history is in, with the
 * document it was opened as (run-actions shows the last run from there).
 */
export async function openGraph(id: string, opts: { afterHistory?: (docSeq: number) => void } = {}): Promise<boolean> {
  try {
    const { graph, document } = await api.getGraph(id);
    performance.mark('coinlab:graph-fetched');
    const read = readDocument(document, { check: false });
    performance.mark('coinlab:graph-read');
    if (!read.ok) {
      useUiStore.getState().openDialog({ kind: 'import-problems', fileName: `Graph "${graph.name}" cannot be opened`, problems: read.problems });
      return false;
    }
    stopFollowing();
    useRunStore.getState().clear();
    const { access, ownerName } = accessOf(graph);
    useGraphAccessStore.getState().set(graph.id, access, ownerName);
    if (access !== 'owner' && !ownerName) void fillOwnerName(graph.id);
    useGraphStore.getState().load(read.document, { graphId: graph.id, version: graph.currentVersion, readOnly: access === 'viewer' });
    performance.mark('coinlab:graph-loaded');
    writeLocation({ graph: graph.id, run: null });
    // The run history is not needed to draw the graph: fetch it once the canvas is up.
    const docSeq = useGraphStore.getState().docSeq;
    whenIdle(() => void useRunListStore.getState().load(graph.id).then(() => opts.afterHistory?.(docSeq)));
    return true;
  } catch (err) {
    // With accounts, "no such graph" also means "not shared with you": say both.
    if (err instanceof ApiError && err.status === 404) toast(`Graph not found: it was deleted, or it is not shared with you (${err.message})`, 'error');
    else reportError('Opening the graph', err);
    return false;
  }
}

/**
 * Saves the canvas as a new version (creating the graph on first save). A saved graph with
 * no changes since its last save is not sent again: an identical version says nothing new.
 */
export async function saveGraph(message?: string): Promise<boolean> {
  const g = useGraphStore.getState();
  if (g.readOnly) {
    toast('This graph is shared with you as viewer: it cannot be saved. Run a copy to make it yours.', 'info');
    return false;
  }
  if (g.graphId && g.savedVersion !== null && g.rev === g.savedRev) {
    toast(`No changes since v${g.savedVersion}`, 'info');
    return true;
  }
  const rev = g.rev;
  const doc = g.toDocument();
  try {
    const saved = g.graphId ? await api.saveGraph(g.graphId, doc, message) : await api.createGraph(doc, message);
    useGraphStore.getState().markSaved(saved.graph.id, saved.version, rev);
    clearDraft();
    writeLocation({ graph: saved.graph.id });
    void useRunListStore.getState().load(saved.graph.id);
    toast(`Saved version ${saved.version}`, 'success');
    return true;
  } catch (err) {
    reportError('Saving', err);
    return false;
  }
}

export async function duplicateGraph(): Promise<void> {
  const doc = useGraphStore.getState().toDocument();
  try {
    const saved = await api.createGraph({ ...doc, name: `${doc.name} (copy)` }, 'duplicated');
    await openGraph(saved.graph.id);
    toast(`Duplicated as "${saved.graph.name}"`, 'success');
  } catch (err) {
    reportError('Duplicating', err);
  }
}

export async function deleteGraph(): Promise<void> {
  const { graphId, meta } = useGraphStore.getState();
  if (!graphId) {
    newGraph();
    return;
  }
  try {
    await api.deleteGraph(graphId);
    clearDraft();
    newGraph();
    toast(`Deleted "${meta.name}"`, 'success');
  } catch (err) {
    reportError('Deleting', err);
  }
}

/** Puts an older version on the canvas as an undoable edit; saving makes it current. */
export async function restoreVersion(version: number): Promise<void> {
  const { graphId } = useGraphStore.getState();
  if (!graphId) return;
  try {
    const { document } = await api.getGraph(graphId, version);
    const read = readDocument(document);
    if (!read.ok && !read.document) throw new Error(read.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    useGraphStore.getState().replace(read.ok ? read.document : read.document!);
    toast(`Restored version ${version}: save to keep it`, 'info');
  } catch (err) {
    reportError('Restoring', err);
  }
}

export async function openTemplate(name: string, title: string): Promise<void> {
  try {
    const raw = await api.getTemplate(name);
    const read = readDocument(raw);
    if (!read.ok) {
      useUiStore.getState().openDialog({ kind: 'import-problems', fileName: `Template "${title}"`, problems: read.problems });
      return;
    }
    newGraph(read.document, { dirty: true, tidy: true });
    useUiStore.getState().closeDialog();
    toast(`Opened template "${title}"`, 'success');
  } catch (err) {
    reportError('Opening the template', err);
  }
}
