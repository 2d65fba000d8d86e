import { pausingGates, validateGraph, type Catalog, type GatePause, type PausingGate } from '@coinlab/shared';
import type { Store } from '../db';
import type { ScheduleRecord } from '../db/repos/schedules';

/** What a gate that needs a person does to every fire of an unattended schedule, and what to do about it. */
function gateWarning(gate: PausingGate, pause: Extract<GatePause, { kind: 'person' }>, overlap: ScheduleRecord['overlap']): string {
  const which = `approval gate "${gate.nodeId}" (${gate.title})`;
  const unattended = 'To run unattended, set its mode to automatic, or to optional (it continues by itself after its timeout)';
  if (pause.stopsAfterSeconds === null) {
    // A waiting run is unfinished: the overlap policy holds the later fires back behind it.
    const meanwhile = overlap === 'skip' ? 'later fires are skipped (overlap "skip")' : 'one later fire waits behind it (overlap "queue")';
    return `${which} waits for a person at every fire: each run pauses there until someone answers the "approval needed" alert it raises, and until then ${meanwhile}. ${unattended}, or give it a timeout with the default action "continue".`;
  }
  return `${which} needs a person at every fire: unless someone answers the "approval needed" alert within ${pause.stopsAfterSeconds} s, its branch stops. ${unattended}, or set its default action to "continue".`;
}

/**
 * Warnings for a schedule that fires a graph nobody watches: each approval gate of that graph
 * which cannot go on without a person's answer (gates that decide by themselves, or continue on
 * silence, are left out), and a graph that no longer validates, whose fires would all fail.
 * The graph is the pinned version, or the latest (what the next fire runs). A data refresh has none.
 */
export async function scheduleWarnings(store: Store, catalog: Catalog, schedule: ScheduleRecord): Promise<string[]> {
  if (schedule.graphId === null) return [];
  const stored = schedule.graphVersion === null ? await store.graphs.get(schedule.graphId) : await store.graphs.getVersion(schedule.graphId, schedule.graphVersion);
  if (!stored) return [];
  const checked = validateGraph(stored.document, catalog);
  if (!checked.ok) {
    const first = checked.problems[0];
    return [`the graph does not validate (${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'}${first ? `, first ${first.path}: ${first.message}` : ''}): every fire will fail until it is fixed.`];
  }
  return pausingGates(checked.graph, catalog).flatMap((g) => (g.pause.kind === 'person' ? [gateWarning(g, g.pause, schedule.overlap)] : []));
}
