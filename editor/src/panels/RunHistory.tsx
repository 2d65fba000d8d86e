import { useEffect } from 'react';
import { useGraphStore } from '../stores/graph-store';
import { useRunListStore } from '../stores/run-list-store';
import { useRunStore } from '../stores/run-store';
import { openRun } from '../app/run-actions';
import { formatDateTime, formatDuration, formatFullDateTime } from '../util/format';

/** Runs of the open graph: status, when, how long, version, what started them. */
export function RunHistory() {
  const graphId = useGraphStore((s) => s.graphId);
  const runs = useRunListStore((s) => s.runs);
  const error = useRunListStore((s) => s.error);
  const current = useRunStore((s) => s.runId);
  useEffect(() => {
    void useRunListStore.getState().load(graphId);
  }, [graphId]);
  if (!graphId) return <div className="muted pad">Save the graph to keep a history of its runs.</div>;
  if (error) return <div className="field-error pad">{error}</div>;
  if (!runs.length) return <div className="muted pad">No runs yet. Press Run (Ctrl+Enter).</div>;
  return (
    <table className="run-table">
      <thead>
        <tr>
          <th>Status</th>
          <th>Started</th>
          <th>Duration</th>
          <th>Version</th>
          <th>Trigger</th>
          <th>Run</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id} className={`clickable${r.id === current ? ' current' : ''}`} onClick={() => void openRun(r.id)} data-run-id={r.id}>
            <td>
              <span className={`run-status status-${r.status}`}>{r.status}</span>
            </td>
            {/* Date and time: a history spans days, and a time alone reads as today. */}
            <td title={formatFullDateTime(r.startedAt ?? r.createdAt)}>{formatDateTime(r.startedAt ?? r.createdAt)}</td>
            <td>{formatDuration(r.durationMs)}</td>
            <td>{r.graphVersion !== null ? `v${r.graphVersion}` : '—'}</td>
            <td>{r.trigger ?? ''}</td>
            <td className="mono muted">{r.id.slice(0, 8)}</td>
            <td className="error-cell" title={r.error ?? ''}>
              {r.error ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
