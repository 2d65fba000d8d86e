import type { RunEvent } from '@coinlab/shared';
import type { CoinlabMetrics } from './metrics';

const FINAL_STATUS: Partial<Record<RunEvent['kind'], string>> = {
  'run.finished': 'succeeded',
  'run.failed': 'failed',
  'run.cancelled': 'cancelled',
  'run.interrupted': 'interrupted',
};

/**
 * Metrics read off the run event stream of this process: queue wait (run.queued -> run.started,
 * by the events' own timestamps) and runs finished by status. Holds one timestamp per queued
 * run, dropped when the run starts or ends.
 */
export function runEventMetrics(metrics: CoinlabMetrics): (event: RunEvent) => void {
  const queuedAt = new Map<string, number>();
  return (event) => {
    if (event.kind === 'run.queued') {
      queuedAt.set(event.runId, event.ts);
      return;
    }
    if (event.kind === 'run.started') {
      const since = queuedAt.get(event.runId);
      queuedAt.delete(event.runId);
      if (since !== undefined) metrics.queueWait.observe(Math.max(0, event.ts - since) / 1000);
      return;
    }
    const status = FINAL_STATUS[event.kind];
    if (status) {
      queuedAt.delete(event.runId);
      metrics.runsFinished.inc({ status });
    }
  };
}
