import { create } from 'zustand';
import { api } from '../api/client';
import type { CoinInfo, TemplateSummary } from '../api/views';

/** Server-side lists the forms and galleries need: coins with data, templates. */
interface CatalogState {
  coins: CoinInfo[] | null;
  coinsError: string | null;
  templates: TemplateSummary[] | null;
  templatesError: string | null;
  loadCoins(force?: boolean): Promise<void>;
  loadTemplates(force?: boolean): Promise<void>;
}

export const useCatalogStore = create<CatalogState>()((set, get) => ({
  coins: null,
  coinsError: null,
  templates: null,
  templatesError: null,
  async loadCoins(force = false) {
    if (get().coins && !force) return;
    try {
      set({ coins: await api.listCoins(), coinsError: null });
    } catch (err) {
      set({ coinsError: err instanceof Error ? err.message : String(err) });
    }
  },
  async loadTemplates(force = false) {
    if (get().templates && !force) return;
    try {
      set({ templates: await api.listTemplates(), templatesError: null });
    } catch (err) {
      set({ templatesError: err instanceof Error ? err.message : String(err) });
    }
  },
}));
