import { useState } from 'react';
import type { InteractionRequest } from '@coinlab/shared';
import { useRunStore } from '../stores/run-store';
import { selectedNode, useGraphStore } from '../stores/graph-store';
import { ApprovalCard } from './ApprovalCard';
import { focusNode } from '../canvas/flow-instance';
import './approval-card.css';
import './approvals.css';

/**
 * The run view's list of decisions waiting for a person: every awaiting node of the run on
 * screen with its full approval card, floating over the canvas until answered.
 */
export function ApprovalTray() {
  const nodes = useRunStore((s) => s.snapshot?.nodes);
  // The selected node's card is in the inspector already: one card per question on screen.
  const selected = useGraphStore((s) => selectedNode(s)?.id ?? null);
  const [collapsed, setCollapsed] = useState(false);
  const pending: [string, InteractionRequest][] = [];
  for (const [id, n] of Object.entries(nodes ?? {})) if (n.status === 'awaiting' && n.awaiting) pending.push([id, n.awaiting]);
  if (!pending.length) return null;
  return (
    <section className={`approval-tray${collapsed ? ' collapsed' : ''}`} aria-label="Waiting for you" data-testid="approval-tray">
      <button className="approval-tray-head" onClick={() => setCollapsed(!collapsed)} aria-expanded={!collapsed}>
        <span className="approval-tray-dot" />
        {pending.length} decision{pending.length > 1 ? 's' : ''} waiting for you
        <span className="muted">{collapsed ? '▸' : '▾'}</span>
      </button>
      {!collapsed && (
        <div className="approval-tray-body">
          {pending.map(([id, req]) => (
            <div key={req.interactionId} className="approval-tray-item">
              <button className="link-btn small mono" onClick={() => focusNode(id)} title="Select and show this node on the canvas" data-show-node={id}>
                node {id} · show on canvas
              </button>
              {id === selected ? <div className="muted small">Answer it in the panel on the right.</div> : <ApprovalCard request={req} nodeId={id} />}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
