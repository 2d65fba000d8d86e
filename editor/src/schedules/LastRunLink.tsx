import { showRunOnCanvas } from '../app/run-actions';

/**
 * The status of the run an automation last started, as a link: a click leaves the Automations
 * view and opens that run on the canvas (its nodes, logs and outputs).
 */
export function LastRunLink({ runId, status }: { runId: string | null; status: string | null }) {
  if (!runId || !status) return <span className="muted">—</span>;
  return (
    <button
      className={`link-btn run-status status-${status} last-run`}
      data-run-id={runId}
      title={`Open run ${runId.slice(0, 8)} on the canvas`}
      onClick={() => void showRunOnCanvas(runId)}
    >
      {status}
    </button>
  );
}
