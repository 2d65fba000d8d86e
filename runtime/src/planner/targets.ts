import type { Catalog } from '@coinlab/shared';
import type { Direction } from './types';

/** The node category whose params are the goal's subject (the threshold and horizon of "rises 1% within an hour"). */
export const SUBJECT_CATEGORY = 'target';

/**
 * How this node library expresses "rises/falls by X% within H bars", read from the catalog:
 * a target node whose percent param is named by the direction's word ("rise", "fall") in its
 * metadata, and whose bars param is the horizon. Null when the library has none.
 */
export function directionTarget(catalog: Catalog, direction: Direction): { type: string; words: readonly string[]; params: (pct: number, horizon: number) => Record<string, unknown> } | null {
  for (const entry of catalog.values()) {
    if (entry.ui.category !== SUBJECT_CATEGORY) continue;
    const params = Object.entries(entry.ui.params ?? {});
    const pct = params.find(([, ui]) => ui.unit === 'percent' && ui.synonyms?.includes(direction));
    const horizon = params.find(([, ui]) => ui.unit === 'bars');
    if (pct && horizon) return { type: entry.type, words: pct[1].synonyms ?? [], params: (p, h) => ({ [horizon[0]]: h, [pct[0]]: p }) };
  }
  return null;
}

/** How this node library expresses "falls by X% within H bars", if it can. */
export const fallTarget = (catalog: Catalog) => directionTarget(catalog, 'fall');

/**
 * The words that say a direction, from the targets' metadata; words both targets share
 * ("move", "threshold") say a move, not which way.
 */
export function directionWords(catalog: Catalog): Record<Direction, string[]> {
  const rise = directionTarget(catalog, 'rise')?.words ?? ['rise'];
  const fall = directionTarget(catalog, 'fall')?.words ?? ['fall'];
  return { rise: rise.filter((w) => !fall.includes(w)), fall: fall.filter((w) => !rise.includes(w)) };
}
