import { showRunOnCanvas } from '../app/run-actions';
import { useUiStore } from '../stores/ui-store';
import { alertAge, alertsApi, type Alert } from './alerts-api';
import { alertKindLabel } from './alert-kinds';
import { useAlertsStore } from './alerts-store';

/**
 * Open alerts, each with Acknowledge; the ones about a run or an experiment link to it (the run
 * opens on the canvas, the experiment in the Automations view). The bell's popover and the
 * Alerts section both show this list.
 */
export function AlertList({ onNavigate }: { onNavigate?: () => void }) {
  const alerts = useAlertsStore((s) => s.alerts);
  const count = useAlertsStore((s) => s.count);
  const error = useAlertsStore((s) => s.error);
  const act = useAlertsStore((s) => s.act);
  return (
    <>
      {error && <div className="alert-error">{error}</div>}
      {alerts.length === 0 ? (
        <div className="alert-empty">No open alerts.</div>
      ) : (
        <ul className="alert-list">
          {alerts.map((a) => (
            <li key={a.id} className={`alert-item severity-${a.severity}`} data-alert-id={a.id} data-alert-kind={a.kind}>
              <span className="alert-dot" aria-label={a.severity} />
              <div className="alert-body">
                <div className="alert-message">{a.message}</div>
                <div className="alert-meta">
                  {alertKindLabel(a.kind)} · {alertAge(a.createdAt)}
                  <SubjectLink alert={a} onNavigate={onNavigate} />
                </div>
              </div>
              <button className="btn ghost alert-ack" onClick={() => void act(() => alertsApi.acknowledge(a.id))}>
                Acknowledge
              </button>
            </li>
          ))}
        </ul>
      )}
      {count > alerts.length && <div className="alert-more">{count - alerts.length} older open alerts: `coinlab alerts`</div>}
    </>
  );
}

function SubjectLink({ alert, onNavigate }: { alert: Alert; onNavigate?: () => void }) {
  const s = alert.subject;
  if (s?.type === 'run')
    return (
      <>
        {' · '}
        <button
          className="link-btn alert-subject"
          onClick={() => {
            onNavigate?.();
            void showRunOnCanvas(s.id);
          }}
        >
          open run
        </button>
      </>
    );
  if (s?.type === 'experiment')
    return (
      <>
        {' · '}
        <button
          className="link-btn alert-subject"
          onClick={() => {
            onNavigate?.();
            useUiStore.getState().selectExperiment(s.id);
            useUiStore.getState().showAutomations('experiments');
          }}
        >
          show experiment
        </button>
      </>
    );
  return null;
}
