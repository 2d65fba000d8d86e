import { useUiStore } from '../stores/ui-store';

/** The top bar's way into the Automations view (and back to the graph). */
export function AutomationsButton() {
  const view = useUiStore((s) => s.view);
  const on = view === 'automations';
  return (
    <button
      className={`btn ghost automations-toggle${on ? ' active' : ''}`}
      data-testid="automations-toggle"
      aria-pressed={on}
      title={on ? 'Back to the graph (Esc)' : 'Schedules, experiments, paper portfolios and alerts'}
      onClick={() => (on ? useUiStore.getState().showGraph() : useUiStore.getState().showAutomations())}
    >
      Automations
    </button>
  );
}
