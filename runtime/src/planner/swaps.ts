import type { Catalog, CatalogEntry } from '@coinlab/shared';

const ports = (specs: CatalogEntry['inputs']) =>
  Object.entries(specs)
    .filter(([, s]) => !s.optional)
    .map(([name, s]) => `${name}:${s.type}`)
    .sort()
    .join(',');

/** Two node types can stand in for each other: same category, same required input and output ports (names and types), so edges stay valid. */
export function interchangeable(a: CatalogEntry, b: CatalogEntry): boolean {
  return a.ui.category === b.ui.category && ports(a.inputs) === ports(b.inputs) && ports(a.outputs) === ports(b.outputs);
}

/**
 * The node types a goal's settings may address: those in the plan, and those that could replace
 * one of them in place (e.g. walk-forward folds for a train/test split when the goal asks for
 * "5 folds"). Nodes of `fixedCategory` (the target, which the direction decides) are never swapped.
 */
export function addressableTypes(catalog: Catalog, planTypes: readonly string[], fixedCategory: string): string[] {
  const out = new Set(planTypes);
  for (const entry of catalog.values()) {
    if (out.has(entry.type) || entry.ui.category === fixedCategory) continue;
    if (planTypes.some((t) => catalog.get(t) !== undefined && interchangeable(catalog.get(t)!, entry))) out.add(entry.type);
  }
  return [...out];
}
