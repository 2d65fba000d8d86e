import { api } from '../api/client';
import { openGraph } from '../app/graph-actions';
import { reportError } from '../app/errors';
import { runGraph } from '../app/run-actions';
import { useGraphStore } from '../stores/graph-store';
import { useUiStore } from '../stores/ui-store';

/**
 * A viewer may not run someone else's graph, but may run it as their own: the document is
 * saved as a new graph of theirs, opened (editable), and run.
 */
export async function runACopy(): Promise<void> {
  const doc = useGraphStore.getState().toDocument();
  try {
    const saved = await api.createGraph({ ...doc, name: `${doc.name} (copy)` }, 'copied from a graph shared with me');
    if (!(await openGraph(saved.graph.id))) return;
    useUiStore.getState().toast(`Saved your copy as "${saved.graph.name}"`, 'success');
    await runGraph();
  } catch (err) {
    reportError('Running a copy', err);
  }
}
