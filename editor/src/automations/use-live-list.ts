import { useEffect, useRef } from 'react';
import type { AutomationsChanged } from '@coinlab/shared';
import { onAutomationsChanged, onRunsChanged } from '../run/stream';

/** Only a fallback (a socket that cannot connect): the server says when something changed. */
export const FALLBACK_REFRESH_MS = 60_000;

/**
 * Keeps an automations list current: read now, again whenever the server says one of `kind`
 * changed (created, fired, stepped — here or in another tab, the CLI, another instance), when a
 * run the list shows as a last result changes status, and on a slow poll. Reads never overlap: a
 * burst of changes costs one read in flight and one after it.
 */
export function useLiveList(load: () => Promise<void>, kind: AutomationsChanged['kind'], shownRunIds: readonly (string | null)[] = []): void {
  const runIds = useRef(new Set<string>());
  runIds.current = new Set(shownRunIds.filter((id): id is string => id !== null));
  useEffect(() => {
    let running = false;
    let again = false;
    let live = true;
    const read = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          await load();
        } while (again && live);
      } finally {
        running = false;
      }
    };
    void read();
    const offAutomations = onAutomationsChanged((change) => {
      if (change === null || change.kind === kind) void read();
    });
    const offRuns = onRunsChanged((change) => {
      if (runIds.current.has(change.runId)) void read();
    });
    const timer = setInterval(() => void read(), FALLBACK_REFRESH_MS);
    return () => {
      live = false;
      offAutomations();
      offRuns();
      clearInterval(timer);
    };
  }, [load, kind]);
}
