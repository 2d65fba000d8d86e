import { catalog, catalogEntries } from '@coinlab/nodes/catalog';
import { CATEGORY_INFO, NODE_CATEGORIES, type CatalogEntry, type NodeCategory, type PortSpec } from '@coinlab/shared';

/**
 * The node catalog as the editor sees it: imported from the node package (metadata, ports
 * and params schemas; no execute code), grouped and searchable for the palette.
 */
export { catalog, catalogEntries };

export function entryFor(type: string): CatalogEntry | undefined {
  return catalog.get(type);
}

export function categoryColor(category: NodeCategory | undefined): string {
  return category ? CATEGORY_INFO[category].color : '#64748b';
}

export interface PaletteGroup {
  category: NodeCategory;
  label: string;
  color: string;
  entries: CatalogEntry[];
}

function haystack(e: CatalogEntry): string {
  return [e.type, e.ui.title, e.ui.description, CATEGORY_INFO[e.ui.category].label, ...(e.ui.tags ?? [])].join(' ').toLowerCase();
}
const searchText = new Map<string, string>(catalogEntries.map((e) => [e.type, haystack(e)]));

/** Catalog entries grouped by category in the catalog's category order; every query word must match. */
export function paletteGroups(query: string, entries: readonly CatalogEntry[] = catalogEntries): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const match = (e: CatalogEntry): boolean => {
    const text = searchText.get(e.type) ?? haystack(e);
    return words.every((w) => text.includes(w));
  };
  const groups: PaletteGroup[] = [];
  for (const category of NODE_CATEGORIES) {
    const list = entries.filter((e) => e.ui.category === category && match(e)).sort((a, b) => a.ui.title.localeCompare(b.ui.title));
    if (list.length) groups.push({ category, label: CATEGORY_INFO[category].label, color: CATEGORY_INFO[category].color, entries: list });
  }
  return groups;
}

/** Params a new node starts with: the schema's defaults, or nothing when some are required. */
export function defaultParams(entry: CatalogEntry): Record<string, unknown> {
  const parsed = entry.params.safeParse({});
  return parsed.success ? structuredClone(parsed.data) : {};
}

export function portSpec(type: string, side: 'input' | 'output', port: string): PortSpec | undefined {
  const entry = catalog.get(type);
  if (!entry) return undefined;
  return side === 'input' ? entry.inputs[port] : entry.outputs[port];
}
