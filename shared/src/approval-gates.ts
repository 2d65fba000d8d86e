import type { Catalog, GatePause } from './catalog';
import type { GraphDocument } from './graph';

/** An approval gate of a graph that will pause the graph's runs, and how. */
export interface PausingGate {
  nodeId: string;
  /** The node's label, else its type's title. */
  title: string;
  pause: Exclude<GatePause, { kind: 'never' }>;
}

/**
 * The approval gates of a graph that will pause its runs, in document order. Which nodes are
 * gates, and how their params make them pause, is what their catalog entries declare
 * (`approvalPause`). Params are parsed here (defaults filled, older versions migrated), so a
 * document that has not been through validateGraph is read as a run would read it; a node whose
 * params do not parse cannot run, so it pauses nothing.
 */
export function pausingGates(document: GraphDocument, catalog: Catalog): PausingGate[] {
  const gates: PausingGate[] = [];
  for (const node of document.nodes) {
    const entry = catalog.get(node.type);
    if (!entry?.approvalPause) continue;
    const raw = node.typeVersion < entry.version && entry.migrateParams ? entry.migrateParams(node.typeVersion, node.params) : node.params;
    const params = entry.params.safeParse(raw);
    if (!params.success) continue;
    const pause = entry.approvalPause(params.data);
    if (pause.kind !== 'never') gates.push({ nodeId: node.id, title: node.label ?? entry.ui.title, pause });
  }
  return gates;
}
