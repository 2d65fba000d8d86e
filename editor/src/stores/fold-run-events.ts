import { applyRunEvent, type NodeRunState, type RunEvent, type RunSnapshot } from '@coinlab/shared';

/**
 * Folds a batch of events into a snapshot with the shared reducer, copying the node map once
 * per batch instead of once per event. applyRunEvent copies the whole map for every node
 * event (it must not mutate its input); with 1,000 nodes and a frame's worth of progress
 * events that is hundreds of thousands of property copies a second, all to change a few
 * entries. A node event only reads and writes its own node's entry, so it is applied to a
 * snapshot holding that one entry and the result is written into a map private to this call.
 * Entries of untouched nodes keep their identity, so their cards' selectors see no change.
 */
export function foldRunEvents(snapshot: RunSnapshot, events: readonly RunEvent[]): RunSnapshot {
  let head: RunSnapshot = snapshot;
  let nodes = snapshot.nodes;
  let owned = false; // whether `nodes` is our private copy (safe to write into)
  for (const ev of events) {
    if ('nodeId' in ev && ev.kind !== 'run.failed') {
      const id = ev.nodeId;
      const own = nodes[id];
      const one: Record<string, NodeRunState> = own ? { [id]: own } : {};
      const next = applyRunEvent({ ...head, nodes: one }, ev);
      if (next.lastSeq === head.lastSeq) continue; // a replay: ignored by the reducer
      const changed = next.nodes[id];
      if (changed && changed !== own) {
        if (!owned) {
          nodes = { ...nodes };
          owned = true;
        }
        nodes[id] = changed;
      }
      head = { ...next, nodes };
    } else {
      const next = applyRunEvent({ ...head, nodes }, ev);
      if (next.lastSeq === head.lastSeq) continue; // a replay
      head = next;
      // A map the reducer made (run.queued) is copied again before our first write: simpler than tracking it.
      if (head.nodes !== nodes) owned = false;
      nodes = head.nodes;
    }
  }
  return head === snapshot ? snapshot : { ...head, nodes };
}
