import { useEffect, useRef, useState } from 'react';
import { useUiStore } from '../stores/ui-store';
import { alertsApi } from './alerts-api';
import { useAlertsStore, watchAlerts } from './alerts-store';
import { AlertList } from './AlertList';
import './alerts.css';

/**
 * The bell in the top bar: how many alerts are open, and a quick list to acknowledge them (one
 * by one, or all). The full list lives in the Automations view's Alerts section, one click away.
 */
export function AlertBell() {
  const [open, setOpen] = useState(false);
  const count = useAlertsStore((s) => s.count);
  const act = useAlertsStore((s) => s.act);
  const wrap = useRef<HTMLDivElement>(null);

  useEffect(() => watchAlerts(), []);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

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
            <button
              className="link-btn"
              onClick={() => {
                setOpen(false);
                useUiStore.getState().showAutomations('alerts');
              }}
            >
              Open in Automations
            </button>
            <button className="link-btn" disabled={count === 0} onClick={() => void act(alertsApi.acknowledgeAll)}>
              Acknowledge all
            </button>
          </div>
          <AlertList onNavigate={() => setOpen(false)} />
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
