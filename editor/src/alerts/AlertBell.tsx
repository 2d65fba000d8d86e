import { useCallback, useEffect, useRef, useState } from 'react';
import { onAlertsChanged } from '../run/stream';
import { alertAge, alertsApi, type Alert } from './alerts-api';
import { alertKindLabel } from './alert-kinds';
import './alerts.css';

/**
 * The bell in the top bar: how many alerts are open, and a list to acknowledge them (one by
 * one, or all). It reads the list again whenever the server says alerts changed, so a run
 * failing elsewhere — another tab, the CLI, a schedule — shows here at once.
 */
export function AlertBell() {
  const [open, setOpen] = useState(false);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [count, setCount] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const wrap = useRef<HTMLDivElement>(null);

  const reload = useCallback(async () => {
    try {
      const r = await alertsApi.open();
      setAlerts(r.alerts);
      setCount(r.unacknowledged);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void reload();
    return onAlertsChanged(() => void reload());
  }, [reload]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
    await reload();
  };

  return (
    <div className="alert-bell-wrap" ref={wrap}>
      <button className={`icon-btn alert-bell${count > 0 ? ' has-open' : ''}`} data-testid="alert-bell" aria-haspopup="dialog" aria-expanded={open} title={count ? `${count} open alert${count === 1 ? '' : 's'}` : 'No open alerts'} onClick={() => setOpen(!open)}>
        <BellIcon />
        {count > 0 && (
          <span className="alert-count" data-testid="alert-count">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <div className="alert-popover" role="dialog" aria-label="Alerts" data-testid="alert-popover">
          <div className="alert-popover-head">
            <strong>Alerts</strong>
            <button className="link-btn" disabled={count === 0} onClick={() => void act(alertsApi.acknowledgeAll)}>
              Acknowledge all
            </button>
          </div>
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
        </div>
      )}
    </div>
  );
}

/** Drawn, not an emoji: machines without an emoji font would show a box. */
function BellIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round">
      <path d="M4 11V7a4 4 0 0 1 8 0v4l1.2 1.5H2.8L4 11Z" />
      <path d="M6.5 14a1.6 1.6 0 0 0 3 0" strokeLinecap="round" />
    </svg>
  );
}
