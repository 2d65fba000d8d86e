import { z } from 'zod';
import type { Catalog, CatalogEntry, GraphDocument } from '@coinlab/shared';

const ports = (p: CatalogEntry['inputs']) =>
  Object.entries(p)
    .map(([name, s]) => `${name}:${s.type}${s.multiple ? '[]' : ''}${s.optional && !s.multiple ? '?' : ''}`)
    .join(', ') || '-';

function paramsLine(entry: CatalogEntry): string {
  let json: { properties?: Record<string, { type?: unknown; default?: unknown; enum?: unknown[] }> };
  try {
    json = z.toJSONSchema(entry.params, { io: 'input', unrepresentable: 'any' }) as typeof json;
  } catch {
    return '';
  }
  return Object.entries(json.properties ?? {})
    .map(([k, p]) => {
      const type = p.enum ? p.enum.map((e) => JSON.stringify(e)).join('|') : typeof p.type === 'string' ? p.type : 'value';
      const def = p.default === undefined ? '' : `=${JSON.stringify(p.default).slice(0, 60)}`;
      return `${k}:${type}${def}`;
    })
    .join('; ');
}

/** The node catalog as compact lines for a prompt: type, what it does, ports and params with defaults. */
export function catalogForPrompt(catalog: Catalog): string {
  return [...catalog.values()]
    .map((e) => `- ${e.type} (v${e.version}) — ${e.ui.title}: ${e.ui.description}\n  inputs: ${ports(e.inputs)} | outputs: ${ports(e.outputs)}\n  params: ${paramsLine(e) || '-'}`)
    .join('\n');
}

/** A graph as the compact form the LLM writes (no positions, edges as "node.port"). */
export function compactGraph(doc: GraphDocument) {
  return {
    name: doc.name,
    description: doc.description ?? '',
    nodes: doc.nodes.map((n) => ({ id: n.id, type: n.type, ...(n.label ? { label: n.label } : {}), params: n.params })),
    edges: doc.edges.map((e) => ({ from: `${e.source.node}.${e.source.port}`, to: `${e.target.node}.${e.target.port}` })),
  };
}
