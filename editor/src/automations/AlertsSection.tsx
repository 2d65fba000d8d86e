import { useEffect } from 'react';
import { AlertList } from '../alerts/AlertList';
import { alertsApi } from '../alerts/alerts-api';
import { useAlertsStore } from '../alerts/alerts-store';
import '../alerts/alerts.css';

/** The Alerts section: the bell's list at full width (open alerts, newest first), acknowledged here or there. */
export function AlertsSection() {
  const count = useAlertsStore((s) => s.count);
  const act = useAlertsStore((s) => s.act);
  // The bell keeps the store live; this read covers a list that went stale while hidden.
  useEffect(() => void useAlertsStore.getState().reload(), []);
  return (
    <section className="alerts-section" data-testid="alerts-section">
      <div className="automations-section-head">
        <span className="muted">{count ? `${count} open` : 'Nothing needs you'}</span>
        <button className="btn ghost" disabled={count === 0} onClick={() => void act(alertsApi.acknowledgeAll)}>
          Acknowledge all
        </button>
      </div>
      <AlertList />
    </section>
  );
}
