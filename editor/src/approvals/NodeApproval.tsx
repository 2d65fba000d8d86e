import type { InteractionRequest } from '@coinlab/shared';
import { focusNode } from '../canvas/flow-instance';
import { useUiStore } from '../stores/ui-store';
import { Countdown } from './Countdown';
import './approval-card.css';
import './approvals.css';

/**
 * The approval on the node card itself: what waits, the time left, and a button to the full
 * card (the inspector and the approvals tray hold the table and the answers).
 */
export function NodeApproval({ nodeId, request }: { nodeId: string; request: InteractionRequest }) {
  return (
    <div className="node-awaiting node-approval nodrag" data-node-approval={nodeId}>
      <div className="node-approval-title">{request.title}</div>
      <div className="node-approval-line">
        {request.expiresAt ? <Countdown expiresAt={request.expiresAt} defaultAction={request.defaultAction} options={request.options} /> : <span>waiting for you</span>}
        <button
          className="btn small primary"
          onClick={(e) => {
            e.stopPropagation();
            focusNode(nodeId);
            useUiStore.getState().setInspectorTab('params');
          }}
        >
          Review
        </button>
      </div>
    </div>
  );
}
