import type { AutomationsChanged } from '@coinlab/shared';
import type { ClusterBus } from '../cluster/bus';

/**
 * Where schedules, data triggers and paper portfolios say they changed. Live views here are
 * told at once, and through the cluster bus so are those of every other process: a schedule
 * fired by a worker's queue job reaches the editor connected to any API instance.
 */
export class AutomationChanges {
  private readonly listeners = new Set<(change: AutomationsChanged) => void>();
  private bus: ClusterBus | undefined;

  notify(kind: AutomationsChanged['kind'], id: string): void {
    const change = { kind, id };
    this.bus?.publish('automations-changed', change);
    this.deliver(change);
  }

  onChange(listener: (change: AutomationsChanged) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  connectBus(bus: ClusterBus): void {
    this.bus = bus;
    bus.on('automations-changed', (m) => this.deliver(m));
  }

  private deliver(change: AutomationsChanged): void {
    for (const l of this.listeners) {
      // A failing view must not undo or hold up the change that was already stored.
      try {
        l(change);
      } catch {
        /* the listener's own problem */
      }
    }
  }
}
