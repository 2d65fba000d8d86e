import { useEffect } from 'react';
import type { AutomationsChanged } from '@coinlab/shared';
import { onAutomationsChanged, onRunsChanged } from '../run/stream';
import { coalescedRead } from '../util/coalesced-read';

/** Only a fallback (a socket that cannot connect): the server says when something changed. */
export const FALLBACK_REFRESH_MS = 60_000;

/**
 * Reads the list and returns the ids of the runs it shows as last results (null where none);
 * a list that shows no runs returns nothing.
 */
export type LiveListLoad = () => Promise<readonly (string | null)[] | void>;

/**
 * Keeps an automations list current: read now, again whenever the server says one of `kind`
 * changed (created, fired, stepped — here or in another tab, the CLI, another instance), when a
 * run the list shows as a last result changes status, and on a slow poll. Reads never overlap.
 *
 * The runs shown are taken from what each read returned, the moment it returns — not from the
 * rendered rows, which lag behind it — and a run change that comes while a read is in flight
 * asks for another read: that read may have been answered before the run ended, and a run's
 * last change would otherwise be dropped, leaving "running" on screen until the slow poll.
 */
export function useLiveList(load: LiveListLoad, kind: AutomationsChanged['kind']): void {
  useEffect(() => {
    let shownRunIds = new Set<string>();
    const read = coalescedRead(async () => {
      const ids = await load();
      if (ids) shownRunIds = new Set(ids.filter((id): id is string => id !== null));
    });
    void read();
    const offAutomations = onAutomationsChanged((change) => {
      if (change === null || change.kind === kind) void read();
    });
    const offRuns = onRunsChanged((change) => {
      if (read.inFlight() || shownRunIds.has(change.runId)) void read();
    });
    const timer = setInterval(() => void read(), FALLBACK_REFRESH_MS);
    return () => {
      read.stop();
      offAutomations();
      offRuns();
      clearInterval(timer);
    };
  }, [load, kind]);
}
