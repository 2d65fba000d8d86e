import { create } from 'zustand';

/**
 * Candle files handed to the Data tab from elsewhere (the top bar's Import, when the file picked
 * there is candles and not a graph): the Data panel takes them as it would a dropped file and
 * starts their preview. A store, not a prop: the panel may not be mounted when they are handed over.
 */
interface CandleInbox {
  files: File[];
  hand(files: readonly File[]): void;
  /** The files waiting, emptied: each is taken once, however often the panel renders. */
  take(): File[];
}

export const useCandleInbox = create<CandleInbox>()((set, get) => ({
  files: [],
  hand: (files) => set({ files: [...get().files, ...files] }),
  take: () => {
    const files = get().files;
    if (files.length) set({ files: [] });
    return files;
  },
}));
