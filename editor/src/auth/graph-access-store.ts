import { create } from 'zustand';
import type { GraphAccess } from '@coinlab/shared';
import { api } from '../api/client';
import type { GraphSummary } from '../api/views';

/**
 * What the signed-in user may do with the graph on the canvas, as the graph list or the graph
 * itself said when it was opened. A new, never saved graph is the user's own.
 */
interface GraphAccessState {
  graphId: string | null;
  access: GraphAccess;
  ownerName: string | null;
  set(graphId: string | null, access: GraphAccess, ownerName: string | null): void;
}

export const useGraphAccessStore = create<GraphAccessState>()((set) => ({
  graphId: null,
  access: 'owner',
  ownerName: null,
  set: (graphId, access, ownerName) => set({ graphId, access, ownerName }),
}));

/**
 * The owner's name of a graph shared with the user (GET /graphs/{id} says the access, the
 * graph list also says whose it is): read from the list when the graph was opened without it.
 */
export async function fillOwnerName(graphId: string): Promise<void> {
  const listed = (await api.listGraphs().catch(() => [])).find((g) => g.id === graphId);
  const s = useGraphAccessStore.getState();
  if (listed && s.graphId === graphId && !s.ownerName) s.set(graphId, s.access, accessOf(listed).ownerName);
}

/** A graph's access and owner as listed (a runtime without sharing lists only one's own graphs). */
export function accessOf(graph: GraphSummary): { access: GraphAccess; ownerName: string | null } {
  return { access: graph.access ?? 'owner', ownerName: graph.ownerName ?? null };
}

/** The access to the graph on the canvas (a graph not opened from the server is one's own). */
export function useCanvasAccess(canvasGraphId: string | null): { access: GraphAccess; ownerName: string | null } {
  const s = useGraphAccessStore();
  return canvasGraphId !== null && s.graphId === canvasGraphId ? { access: s.access, ownerName: s.ownerName } : { access: 'owner', ownerName: null };
}
