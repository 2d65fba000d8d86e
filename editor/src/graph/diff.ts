import { edgeKey, type GraphDocument, type GraphNode } from '@coinlab/shared';

export interface DiffLine {
  change: 'added' | 'removed' | 'changed';
  subject: 'graph' | 'node' | 'edge';
  /** Node id, edge key or graph field. */
  id: string;
  /** Readable details: `period: 14 → 20`. */
  details: string[];
}

function show(v: unknown): string {
  if (v === undefined) return '(unset)';
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function paramChanges(a: GraphNode, b: GraphNode): string[] {
  const out: string[] = [];
  if (a.type !== b.type) out.push(`type: ${a.type} → ${b.type}`);
  if (a.typeVersion !== b.typeVersion) out.push(`version: ${a.typeVersion} → ${b.typeVersion}`);
  if (a.label !== b.label) out.push(`label: ${show(a.label)} → ${show(b.label)}`);
  const keys = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
  for (const k of keys) {
    const before = a.params[k];
    const after = b.params[k];
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push(`${k}: ${show(before)} → ${show(after)}`);
  }
  if (a.position.x !== b.position.x || a.position.y !== b.position.y) out.push('moved');
  return out;
}

/** What changed from `a` to `b`: nodes by id, edges by their port-to-port key, graph fields by name. */
export function diffDocuments(a: GraphDocument, b: GraphDocument): DiffLine[] {
  const lines: DiffLine[] = [];
  if (a.name !== b.name) lines.push({ change: 'changed', subject: 'graph', id: 'name', details: [`${show(a.name)} → ${show(b.name)}`] });
  if (a.description !== b.description) lines.push({ change: 'changed', subject: 'graph', id: 'description', details: [`${show(a.description)} → ${show(b.description)}`] });
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  for (const n of a.nodes) if (!after.has(n.id)) lines.push({ change: 'removed', subject: 'node', id: n.id, details: [n.type] });
  for (const n of b.nodes) {
    const old = before.get(n.id);
    if (!old) lines.push({ change: 'added', subject: 'node', id: n.id, details: [n.type, ...Object.entries(n.params).map(([k, v]) => `${k}: ${show(v)}`)] });
    else {
      const details = paramChanges(old, n);
      if (details.length) lines.push({ change: 'changed', subject: 'node', id: n.id, details });
    }
  }
  const edgesBefore = new Set(a.edges.map(edgeKey));
  const edgesAfter = new Set(b.edges.map(edgeKey));
  for (const k of edgesBefore) if (!edgesAfter.has(k)) lines.push({ change: 'removed', subject: 'edge', id: k, details: [] });
  for (const k of edgesAfter) if (!edgesBefore.has(k)) lines.push({ change: 'added', subject: 'edge', id: k, details: [] });
  return lines;
}
