import type { NodeRunState } from '@coinlab/shared';
import { Elapsed, StatusBadge } from '../canvas/StatusBadge';
import { formatDuration } from '../util/format';
import { ApprovalCard } from './ApprovalCard';

/** A node's state in the run on screen: status, timing, progress, error, approval. */
export function NodeRunPanel({ nodeId, state }: { nodeId: string; state: NodeRunState }) {
  return (
    <div className={`run-panel status-${state.status}`} data-run-node={nodeId}>
      <div className="run-panel-line">
        <StatusBadge status={state.status} />
        <span className="muted small">
          {state.status === 'running' && state.startedAt ? <Elapsed since={state.startedAt} /> : formatDuration(state.durationMs)}
          {state.attempts > 1 ? ` · attempt ${state.attempts}` : ''}
        </span>
      </div>
      {state.status === 'running' && state.progress !== null && (
        <div className="progress wide">
          <div className="progress-bar" style={{ width: `${Math.round(state.progress * 100)}%` }} />
        </div>
      )}
      {state.progressMessage && state.status === 'running' && <div className="muted small">{state.progressMessage}</div>}
      {state.error && (
        <pre className="run-error" role="alert">
          {state.error}
        </pre>
      )}
      {/* A stopped node (a rejected or timed-out gate) ended its branch on purpose; it was not skipped. */}
      {state.skipReason && (
        <div className="muted small">
          {state.status === 'stopped' ? 'Stopped' : 'Skipped'}: {state.skipReason}
        </div>
      )}
      {state.usage.inputTokens + state.usage.outputTokens > 0 && (
        <div className="muted small">
          LLM: {state.usage.inputTokens.toLocaleString()} in / {state.usage.outputTokens.toLocaleString()} out tokens · ${state.usage.costUsd.toFixed(4)}
        </div>
      )}
      {state.awaiting && <ApprovalCard request={state.awaiting} nodeId={nodeId} />}
    </div>
  );
}
