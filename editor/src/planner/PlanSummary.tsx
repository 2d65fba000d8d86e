import { useEffect } from 'react';
import { fitView } from '../canvas/flow-instance';
import { usePlannerStore } from './planner-store';
import { useRunStore } from '../stores/run-store';
import { useGraphStore } from '../stores/graph-store';
import type { PlanDryRun, PlanEstimate, PlannedResult } from './plan-api';
import './planner.css';

/**
 * Above the canvas after planning (a strip of its own, so it never covers a node): what the
 * planner read, its notes, the dry run and the LLM estimate. It folds to one line, and shows
 * only while the graph it planned is on the canvas.
 */
export function PlanSummary() {
  const plan = usePlannerStore((s) => s.plan);
  const open = usePlannerStore((s) => s.summaryOpen);
  const planDoc = usePlannerStore((s) => s.planDocSeq);
  const collapsed = usePlannerStore((s) => s.summaryCollapsed);
  const close = usePlannerStore((s) => s.closeSummary);
  const toggle = usePlannerStore((s) => s.toggleSummary);
  const canvasDoc = useGraphStore((s) => s.docSeq);
  // The plan describes the graph before it runs; once a run is on screen the canvas tells more.
  const running = useRunStore((s) => s.runId !== null);
  const shown = !!plan && open && !running && planDoc === canvasDoc;
  // The strip takes height from the canvas as the planned graph is fitted into it: fit again
  // once both have settled, so the whole plan is in view.
  const planId = shown ? plan.planId : null;
  useEffect(() => {
    if (!planId) return;
    const t = setTimeout(() => fitView(), 300);
    return () => clearTimeout(t);
  }, [planId]);
  if (!shown) return null;
  return (
    <aside className={`plan-summary${collapsed ? ' collapsed' : ''}`} aria-label="Plan summary" data-plan-id={plan.planId}>
      <div className="plan-summary-head">
        <button className="plan-summary-toggle" onClick={toggle} aria-expanded={!collapsed} aria-controls="plan-summary-body" title={collapsed ? 'Show the plan details' : 'Fold the plan details'}>
          <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span>
          <span className="plan-summary-title">Plan · {plan.planner === 'llm' ? 'designed by the LLM' : 'offline rules'}</span>
          {collapsed && <span className="plan-goal-inline">“{plan.goal}”</span>}
        </button>
        <button className="icon-btn" onClick={close} aria-label="Close plan summary">
          ×
        </button>
      </div>
      {!collapsed && <PlanDetails plan={plan} />}
    </aside>
  );
}

function PlanDetails({ plan }: { plan: PlannedResult }) {
  const i = plan.intent;
  return (
    <div id="plan-summary-body">
      <div className="plan-goal-quote">“{plan.goal}”</div>
      <div className="plan-intent">
        <strong>{i.coins.join(', ')}</strong> · {i.direction} ≥ {i.thresholdPct}% within {formatBars(i.horizonBars)} ({i.horizonBars} bars) · {i.models.join(' + ')} · approval {i.approvalMode}
      </div>
      <DryRun d={plan.dryRun} />
      <Estimate e={plan.estimate} />
      {plan.notes.length > 0 && (
        <details className="plan-notes-box">
          <summary>Notes ({plan.notes.length})</summary>
          <ul className="plan-notes">
            {plan.notes.map((n, k) => (
              <li key={k}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function formatBars(bars: number): string {
  const min = bars * 5;
  return min % 60 === 0 ? `${min / 60} h` : `${min} min`;
}

function DryRun({ d }: { d: PlanDryRun | null }) {
  if (!d) return <div className="plan-line muted">Dry run: not run</div>;
  const nodes = Object.entries(d.nodes);
  const bad = nodes.filter(([, n]) => n.status === 'failed');
  return (
    <div className={`plan-line plan-dry ${d.ok ? 'ok' : 'bad'}`} data-dry-run={d.ok ? 'ok' : 'failed'}>
      <strong>Dry run {d.ok ? 'passed' : 'failed'}</strong> · {d.sampleBars ? `last ${d.sampleBars.toLocaleString()} bars` : 'whole range'} · {nodes.length} nodes · {(d.durationMs / 1000).toFixed(1)} s
      {d.retries.length > 0 && <div className="small muted">Retried: {d.retries.join('; ')}</div>}
      {d.error && <div className="small plan-error-text">{d.error}</div>}
      {bad.map(([id, n]) => (
        <div key={id} className="small plan-error-text">
          {id}: {n.error ?? 'failed'}
        </div>
      ))}
    </div>
  );
}

function Estimate({ e }: { e: PlanEstimate | null }) {
  if (!e) return null;
  return (
    <div className="plan-line plan-estimate" data-testid="plan-estimate">
      <strong>LLM estimate</strong> ·{' '}
      {e.llmNodes.length === 0
        ? 'no LLM nodes: 0 tokens, $0'
        : `${e.llmNodes.length} LLM node${e.llmNodes.length > 1 ? 's' : ''}: ~${e.tokens.typical.toLocaleString()} tokens (max ${e.tokens.max.toLocaleString()}), ~$${e.costUsd.typical.toFixed(4)} (max $${e.costUsd.max.toFixed(4)})`}
      {e.model ? ` · ${e.model}` : ''}
      {e.note && <div className="small muted">{e.note}</div>}
    </div>
  );
}
