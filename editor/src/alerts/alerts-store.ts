import { create } from 'zustand';
import { onAlertsChanged } from '../run/stream';
import { alertsApi, type Alert } from './alerts-api';

interface AlertsState {
  alerts: Alert[];
  /** Open alerts in all (the list holds the newest of them). */
  count: number;
  error: string | null;
  reload(): Promise<void>;
  /** Runs an action (acknowledge one, all), then reads the list again; its error is shown. */
  act(action: () => Promise<unknown>): Promise<void>;
}

/**
 * The open alerts, shared by the bell and the Automations view's Alerts section so both
 * show the same list and count, acknowledged in one place and gone from the other.
 */
export const useAlertsStore = create<AlertsState>()((set, get) => ({
  alerts: [],
  count: 0,
  error: null,
  async reload() {
    try {
      const r = await alertsApi.open();
      set({ alerts: r.alerts, count: r.unacknowledged, error: null });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  async act(action) {
    try {
      await action();
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
    await get().reload();
  },
}));

/**
 * Keeps the store live while a component shows it: read now, and again whenever the server says
 * alerts changed (a run failing elsewhere — another tab, the CLI, a schedule — shows at once).
 */
export function watchAlerts(): () => void {
  void useAlertsStore.getState().reload();
  return onAlertsChanged(() => void useAlertsStore.getState().reload());
}
