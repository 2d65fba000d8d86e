import type { Catalog, ParamUnit } from '@coinlab/shared';

/** A node param a goal can set, with the words that name it (from the catalog's metadata). */
export interface ParamWords {
  nodeType: string;
  nodeTitle: string;
  category: string;
  param: string;
  unit: ParamUnit;
  /** Lower-case phrases: the param's name split into words ("max depth") and its synonyms. */
  phrases: string[];
}

/** "maxDepth" -> "max depth", "n_estimators" -> "n estimators". */
export const nameWords = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();

/** Every param of the catalog that says its unit: those are the ones a goal can set. */
export function paramWords(catalog: Catalog): ParamWords[] {
  const out: ParamWords[] = [];
  for (const entry of catalog.values()) {
    for (const [param, ui] of Object.entries(entry.ui.params ?? {})) {
      if (!ui.unit) continue;
      const phrases = [...new Set([nameWords(param), ...(ui.synonyms ?? []).map((s) => s.toLowerCase())])].filter((p) => p.length > 0);
      out.push({ nodeType: entry.type, nodeTitle: entry.ui.title, category: entry.ui.category, param, unit: ui.unit, phrases });
    }
  }
  return out;
}
