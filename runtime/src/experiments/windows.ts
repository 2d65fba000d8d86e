import type { Evaluation } from '@coinlab/shared';

export interface DateWindow {
  from: string;
  to: string;
}

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The search's walk-forward windows: [from, holdoutFrom) cut into `folds` consecutive windows
 * of whole days (inclusive dates, as the data nodes read them). The holdout is not in any.
 */
export function searchWindows(e: Evaluation): DateWindow[] {
  const start = day(e.from);
  const days = Math.round((day(e.holdoutFrom) - start) / DAY); // the last search day is holdoutFrom - 1
  const folds = Math.max(1, Math.min(e.folds, days));
  return Array.from({ length: folds }, (_, i) => {
    const a = start + Math.floor((i * days) / folds) * DAY;
    const b = start + Math.floor(((i + 1) * days) / folds) * DAY - DAY;
    return { from: iso(a), to: iso(b) };
  });
}

/** The final holdout the search never saw: [holdoutFrom, to]. */
export const holdoutWindow = (e: Evaluation): DateWindow => ({ from: e.holdoutFrom, to: e.to });
