import { z } from 'zod';
import { useGraphStore } from '../stores/graph-store';

/**
 * Unsaved edits survive a reload: the working document is kept in localStorage (per tab
 * session it is the same key, which is what a user reloading expects) and offered back
 * when the same graph opens again.
 */
const KEY = 'coinlab.draft.v1';

const draftSchema = z.object({ graphId: z.string().nullable(), baseVersion: z.number().nullable(), document: z.unknown(), savedAt: z.number() });
export type Draft = z.infer<typeof draftSchema>;

export function readDraft(): Draft | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = draftSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function clearDraft(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // storage unavailable: nothing to clear
  }
}

/** Saves the working document a moment after each edit while it differs from the saved one. */
export function watchDraft(delayMs = 400): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = useGraphStore.subscribe((s, prev) => {
    if (s.rev === prev.rev && s.savedRev === prev.savedRev) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const g = useGraphStore.getState();
      if (g.rev === g.savedRev) {
        clearDraft();
        return;
      }
      try {
        const draft: Draft = { graphId: g.graphId, baseVersion: g.savedVersion, document: g.toDocument(), savedAt: Date.now() };
        localStorage.setItem(KEY, JSON.stringify(draft));
      } catch {
        // quota or privacy mode: drafts are a convenience
      }
    }, delayMs);
  });
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
  };
}
