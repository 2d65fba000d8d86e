import { create } from 'zustand';
import { api } from '../api/client';
import type { RunSummary } from '../api/views';

/** Run history of the open graph (refreshed when the server says a run changed). */
interface RunListState {
  graphId: string | null;
  runs: RunSummary[];
  error: string | null;
  load(graphId: string | null): Promise<void>;
}

export const useRunListStore = create<RunListState>()((set, get) => ({
  graphId: null,
  runs: [],
  error: null,
  async load(graphId) {
    if (graphId !== get().graphId) set({ graphId, runs: [] });
    if (!graphId) return;
    try {
      const runs = await api.listRuns({ graphId, limit: 50 });
      if (get().graphId === graphId) set({ runs, error: null });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
}));
