import { useEffect, type ReactNode } from 'react';
import { useAlertsStore } from '../alerts/alerts-store';
import { ExperimentsSection } from '../experiments/ExperimentsSection';
import { PaperPanel } from '../paper/PaperPanel';
import { SchedulesPanel } from '../schedules/SchedulesPanel';
import { useUiStore, type AutomationsSection } from '../stores/ui-store';
import { AlertsSection } from './AlertsSection';
import { AuditSection } from '../audit/AuditSection';
import './automations.css';

const SECTIONS: { id: AutomationsSection; label: string; hint: string }[] = [
  { id: 'schedules', label: 'Schedules & data', hint: 'Graphs run on a cron or when new candles arrive; data refreshed from the exchange.' },
  { id: 'experiments', label: 'Experiments', hint: 'Research loops searching a graph’s params: objective per iteration, leaderboard, champion.' },
  { id: 'paper', label: 'Paper', hint: 'Promoted models trading on paper beside their backtest, until they graduate.' },
  { id: 'alerts', label: 'Alerts', hint: 'Failed runs, approvals waiting, converged experiments, graduations.' },
  { id: 'audit', label: 'Audit', hint: 'Who changed what, from which client: requests, schedule fires, promotions, approvals.' },
];

/**
 * Everything that runs on its own, in one place: schedules and data triggers, experiments,
 * paper portfolios and alerts, one section at a time beside a list of them. It covers the
 * graph workspace (which stays mounted: the open graph is what new automations run) until
 * "Back to graph" or Escape.
 */
export function AutomationsView() {
  const section = useUiStore((s) => s.automationsSection);
  const alerts = useAlertsStore((s) => s.count);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement)) useUiStore.getState().showGraph();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const current = SECTIONS.find((s) => s.id === section) ?? SECTIONS[0]!;
  return (
    <div className="automations-view" data-testid="automations-view" data-section={section}>
      <nav className="automations-nav" role="tablist" aria-label="Automations">
        <div className="automations-title">Automations</div>
        {SECTIONS.map((s) => (
          <button key={s.id} role="tab" aria-selected={s.id === section} className={s.id === section ? 'active' : ''} data-automations-section={s.id} onClick={() => useUiStore.getState().showAutomations(s.id)}>
            {s.label}
            {s.id === 'alerts' && alerts > 0 ? <span className="count bad">{alerts}</span> : null}
          </button>
        ))}
        <span className="spacer" />
        <button className="btn ghost automations-back" onClick={() => useUiStore.getState().showGraph()} title="Back to the graph (Esc)">
          ← Back to graph
        </button>
      </nav>
      <div className="automations-body" role="tabpanel">
        <header className="automations-head">
          <h2>{current.label}</h2>
          <p className="muted">{current.hint}</p>
        </header>
        <Section id={section} />
      </div>
    </div>
  );
}

function Section({ id }: { id: AutomationsSection }): ReactNode {
  if (id === 'schedules') return <SchedulesPanel />;
  if (id === 'experiments') return <ExperimentsSection />;
  if (id === 'paper') return <PaperPanel />;
  if (id === 'audit') return <AuditSection />;
  return <AlertsSection />;
}
