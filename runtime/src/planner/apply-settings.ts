import type { Catalog, GraphDocument } from '@coinlab/shared';
import type { Setting } from './extract';
import { interchangeable } from './swaps';

type PlanNode = GraphDocument['nodes'][number];

/** Why a value does not fit a param, from the node's own schema (the same check as validation). */
function rejection(catalog: Catalog, type: string, params: Record<string, unknown>, param: string): string | null {
  const entry = catalog.get(type);
  if (!entry) return `unknown node type ${type}`;
  const parsed = entry.params.safeParse(params);
  if (parsed.success) return null;
  const issue = parsed.error.issues.find((i) => i.path[0] === param);
  return issue ? issue.message : null;
}

/**
 * Writes the goal's settings onto the plan's nodes: on every node of the setting's type, or,
 * when the plan has none, on a node of a type that can replace one in place (the node is
 * swapped, its connections kept) unless `mayReplace` says the type was left out on purpose
 * (a learner the goal did not ask for). Each setting says in a note where it went; a value the
 * param refuses is left out with the param's own reason.
 */
export function applySettings(doc: GraphDocument, settings: readonly Setting[], catalog: Catalog, opts: { mayReplace: (type: string) => boolean }): { document: GraphDocument; notes: string[] } {
  const notes: string[] = [];
  let nodes: PlanNode[] = doc.nodes.map((n) => ({ ...n, params: { ...n.params } }));
  for (const s of settings) {
    let targets = nodes.filter((n) => n.type === s.nodeType);
    const entry = catalog.get(s.nodeType);
    if (targets.length === 0 && entry && opts.mayReplace(s.nodeType)) {
      const replaced = nodes.find((n) => catalog.get(n.type) !== undefined && interchangeable(catalog.get(n.type)!, entry));
      if (replaced) {
        const previous = catalog.get(replaced.type)!.ui.title;
        nodes = nodes.map((n) => (n.id === replaced.id ? { ...n, type: s.nodeType, typeVersion: entry.version, params: {}, label: entry.ui.title } : n));
        notes.push(`${previous} replaced by ${entry.ui.title}, which has the ${s.param} the goal asks for`);
        targets = nodes.filter((n) => n.id === replaced.id);
      }
    }
    if (targets.length === 0) {
      notes.push(`"${s.text}" reads as ${entry?.ui.title ?? s.nodeType}: ${s.param} = ${s.value}, but the plan has no such node: not applied`);
      continue;
    }
    const why = rejection(catalog, s.nodeType, { ...targets[0]!.params, [s.param]: s.value }, s.param);
    if (why) {
      notes.push(`"${s.text}" -> ${s.nodeTitle}: ${s.param} = ${s.value} not applied (${why})`);
      continue;
    }
    const ids = new Set(targets.map((t) => t.id));
    nodes = nodes.map((n) => (ids.has(n.id) ? { ...n, params: { ...n.params, [s.param]: s.value } } : n));
    notes.push(`"${s.text}" -> ${s.nodeTitle}: ${s.param} = ${s.value} (${s.because === "the goal's subject" ? "the goal's subject" : `from ${s.because}`})`);
  }
  return { document: { ...doc, nodes }, notes };
}
