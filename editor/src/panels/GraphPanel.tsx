import { useGraphStore } from '../stores/graph-store';
import { useProblemsStore } from '../stores/problems-store';
import { useRunStore } from '../stores/run-store';
import { useUiStore } from '../stores/ui-store';
import { formatDuration } from '../util/format';
import { InlineName } from './InlineName';

/** What the inspector shows with no single node selected: the graph itself. */
export function GraphPanel({ selectedCount }: { selectedCount: number }) {
  const meta = useGraphStore((s) => s.meta);
  const nodeCount = useGraphStore((s) => s.nodes.length);
  const edgeCount = useGraphStore((s) => s.edges.length);
  const readOnly = useGraphStore((s) => s.readOnly);
  const problems = useProblemsStore((s) => s.problems.length);
  const snapshot = useRunStore((s) => s.snapshot);
  const counts = new Map<string, number>();
  for (const n of Object.values(snapshot?.nodes ?? {})) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  return (
    <div className="graph-panel">
      <div className="pad">
        <div className="inspector-kicker">Graph</div>
        <InlineName className="inspector-title-input" label="Graph title (details)" />
        <textarea
          className="graph-desc"
          placeholder="Describe what this pipeline is for…"
          rows={3}
          readOnly={readOnly}
          value={meta.description ?? ''}
          onChange={(e) => useGraphStore.getState().setDescription(e.target.value)}
        />
        <div className="stat-grid">
          <div>
            <div className="stat-value">{nodeCount}</div>
            <div className="stat-label">nodes</div>
          </div>
          <div>
            <div className="stat-value">{edgeCount}</div>
            <div className="stat-label">edges</div>
          </div>
          <div className={problems ? 'stat-bad clickable' : ''} onClick={() => problems && useUiStore.getState().showBottom('problems')}>
            <div className="stat-value">{problems}</div>
            <div className="stat-label">problems</div>
          </div>
        </div>
        {selectedCount > 1 && (
          <div className="selection-box">
            <div>{selectedCount} nodes selected</div>
            <div className="row gap">
              <button className="btn small" onClick={() => useGraphStore.getState().deleteSelection()}>
                Delete
              </button>
            </div>
          </div>
        )}
        {snapshot && (
          <div className="run-summary">
            <div className="inspector-kicker">Run {snapshot.runId.slice(0, 8)}</div>
            <div className={`run-status-line status-${snapshot.status}`}>
              {snapshot.status} {snapshot.durationMs !== null ? `· ${formatDuration(snapshot.durationMs)}` : ''}
            </div>
            <div className="muted small">
              {[...counts.entries()].map(([k, v]) => `${v} ${k}`).join(' · ')}
            </div>
            {snapshot.error && <pre className="run-error">{snapshot.error}</pre>}
          </div>
        )}
        <div className="tips muted small">
          <p>Select a node to edit its parameters. Press <kbd>?</kbd> for shortcuts.</p>
        </div>
      </div>
    </div>
  );
}
