import { pausingGates, validateGraph, type Catalog, type GatePause, type PausingGate } from '@coinlab/shared';
import type { Store } from '../db';

/** A graph that an automation (a schedule, a data trigger) runs with nobody watching. */
export interface UnattendedGraph {
  graphId: string;
  /** The pinned version; null: the latest (what the next fire runs). */
  graphVersion: number | null;
  /**
   * What becomes of the automation's later fires while one of its runs waits for a person (a
   * waiting run is unfinished), e.g. `later fires are skipped (overlap "skip")`.
   */
  whileARunWaits: string;
}

/** What a gate that needs a person does to every fire of an unattended automation, and what to do about it. */
function gateWarning(gate: PausingGate, pause: Extract<GatePause, { kind: 'person' }>, whileARunWaits: string): string {
  const which = `approval gate "${gate.nodeId}" (${gate.title})`;
  const unattended = 'To run unattended, set its mode to automatic, or to optional (it continues by itself after its timeout)';
  if (pause.stopsAfterSeconds === null) {
    return `${which} waits for a person at every fire: each run pauses there until someone answers the "approval needed" alert it raises, and until then ${whileARunWaits}. ${unattended}, or give it a timeout with the default action "continue".`;
  }
  return `${which} needs a person at every fire: unless someone answers the "approval needed" alert within ${pause.stopsAfterSeconds} s, its branch stops. ${unattended}, or set its default action to "continue".`;
}

/**
 * Warnings for an automation that fires a graph nobody watches (a schedule, a data trigger):
 * each approval gate of that graph which cannot go on without a person's answer (gates that
 * decide by themselves, or continue on silence, are left out), and a graph that no longer
 * validates, whose fires would all fail. Both callers answer them when the automation is saved.
 */
export async function unattendedWarnings(store: Store, catalog: Catalog, target: UnattendedGraph): Promise<string[]> {
  const stored = target.graphVersion === null ? await store.graphs.get(target.graphId) : await store.graphs.getVersion(target.graphId, target.graphVersion);
  if (!stored) return [];
  const checked = validateGraph(stored.document, catalog);
  if (!checked.ok) {
    const first = checked.problems[0];
    return [`the graph does not validate (${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'}${first ? `, first ${first.path}: ${first.message}` : ''}): every fire will fail until it is fixed.`];
  }
  return pausingGates(checked.graph, catalog).flatMap((g) => (g.pause.kind === 'person' ? [gateWarning(g, g.pause, target.whileARunWaits)] : []));
}
