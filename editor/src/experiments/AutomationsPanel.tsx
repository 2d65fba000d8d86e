import { ExperimentsSection } from './ExperimentsSection';

/**
 * The Automations tab: what runs on its own beyond schedules (those keep their own tab).
 * Today that is the research loops; each kind of automation is a section here.
 */
export function AutomationsPanel() {
  return (
    <div className="automations-panel" data-testid="automations-panel">
      <ExperimentsSection />
    </div>
  );
}
