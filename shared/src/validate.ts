import type { Catalog, CatalogEntry } from './catalog';
import { graphDocumentSchema, type GraphDocument } from './graph';
import { GraphMigrationError, migrateGraphDocument } from './migrate';
import { incompatibilityReason } from './ports';
import { zodProblems } from './zod-messages';
import { findCycle } from './graph-algo';
import { jsonShapeProblems } from './json-shape';

export type ProblemCode =
  | 'schema'
  | 'shape'
  | 'migration'
  | 'duplicate-id'
  | 'unknown-type'
  | 'newer-type-version'
  | 'bad-params'
  | 'dangling-edge'
  | 'unknown-port'
  | 'port-type-mismatch'
  | 'input-already-connected'
  | 'missing-input'
  | 'cycle';

export interface GraphProblem {
  code: ProblemCode;
  /** Where in the document, e.g. `nodes[3].params.period`. */
  path: string;
  message: string;
  /** The node the problem belongs to, so the editor can badge and select it. */
  nodeId?: string;
}

export type ValidationResult =
  | { ok: true; graph: GraphDocument; problems: [] }
  | { ok: false; problems: GraphProblem[]; graph?: GraphDocument };

export function formatProblem(p: GraphProblem): string {
  return `${p.path}: ${p.message}`;
}

/**
 * Migrates and checks a graph document against the node catalog, returning every problem
 * with its path. On success the graph is normalized: params parsed with their defaults and
 * every node at its type's current version. The same function backs the editor's badges,
 * the API's 400 responses and the CLI's exit code 2.
 */
export function validateGraph(raw: unknown, catalog: Catalog): ValidationResult {
  // Before anything recursive (migration, zod, later canonical JSON and the database) sees it.
  const shape = jsonShapeProblems(raw);
  if (shape.length > 0) return { ok: false, problems: shape.map((p) => ({ code: 'shape' as const, ...p })) };
  let migrated: unknown;
  try {
    migrated = migrateGraphDocument(raw);
  } catch (err) {
    if (err instanceof GraphMigrationError) {
      return { ok: false, problems: [{ code: 'migration', path: err.path, message: err.message.slice(err.path.length + 2) }] };
    }
    throw err;
  }
  const parsed = graphDocumentSchema.safeParse(migrated);
  if (!parsed.success) {
    return { ok: false, problems: zodProblems(parsed.error).map((p) => ({ code: 'schema' as const, ...p })) };
  }
  const doc = parsed.data;
  const problems: GraphProblem[] = [];
  const nodeIndex = new Map<string, number>();
  const entries = new Map<string, CatalogEntry>();

  const nodes = doc.nodes.map((node, i) => {
    const prior = nodeIndex.get(node.id);
    if (prior !== undefined) {
      problems.push({ code: 'duplicate-id', path: `nodes[${i}].id`, message: `duplicate id "${node.id}" (also nodes[${prior}])`, nodeId: node.id });
      return node;
    }
    nodeIndex.set(node.id, i);
    const entry = catalog.get(node.type);
    if (!entry) {
      problems.push({ code: 'unknown-type', path: `nodes[${i}].type`, message: `unknown node type "${node.type}"`, nodeId: node.id });
      return node;
    }
    entries.set(node.id, entry);
    if (node.typeVersion > entry.version) {
      problems.push({
        code: 'newer-type-version',
        path: `nodes[${i}].typeVersion`,
        message: `is ${node.typeVersion}, newer than the installed "${node.type}" (version ${entry.version})`,
        nodeId: node.id,
      });
      return node;
    }
    const rawParams = node.typeVersion < entry.version && entry.migrateParams ? entry.migrateParams(node.typeVersion, node.params) : node.params;
    const params = entry.params.safeParse(rawParams);
    if (!params.success) {
      for (const p of zodProblems(params.error, ['nodes', i, 'params'])) problems.push({ code: 'bad-params', ...p, nodeId: node.id });
      return node;
    }
    return { ...node, typeVersion: entry.version, params: params.data };
  });

  const connected = new Map<string, number>(); // "node.port" -> edge index
  doc.edges.forEach((edge, k) => {
    const src = entries.get(edge.source.node);
    const dst = entries.get(edge.target.node);
    let ok = true;
    for (const [end, ref] of [['source', edge.source], ['target', edge.target]] as const) {
      if (!nodeIndex.has(ref.node)) {
        problems.push({ code: 'dangling-edge', path: `edges[${k}].${end}.node`, message: `no node with id "${ref.node}"` });
        ok = false;
      }
    }
    if (!ok || !src || !dst) return;
    // Own properties only: a port named "constructor" or "__proto__" is unknown, not a function.
    const out = ownPort(src.outputs, edge.source.port);
    const inp = ownPort(dst.inputs, edge.target.port);
    if (!out) {
      problems.push({ code: 'unknown-port', path: `edges[${k}].source.port`, message: `node "${edge.source.node}" (${src.type}) has no output "${edge.source.port}"; outputs: ${Object.keys(src.outputs).join(', ') || 'none'}`, nodeId: edge.source.node });
    }
    if (!inp) {
      problems.push({ code: 'unknown-port', path: `edges[${k}].target.port`, message: `node "${edge.target.node}" (${dst.type}) has no input "${edge.target.port}"; inputs: ${Object.keys(dst.inputs).join(', ') || 'none'}`, nodeId: edge.target.node });
    }
    if (!out || !inp) return;
    const reason = incompatibilityReason(out.type, inp.type);
    if (reason) {
      problems.push({ code: 'port-type-mismatch', path: `edges[${k}]`, message: `${reason} (${edge.source.node}.${edge.source.port} -> ${edge.target.node}.${edge.target.port})`, nodeId: edge.target.node });
      return;
    }
    const key = `${edge.target.node}.${edge.target.port}`;
    const earlier = connected.get(key);
    if (earlier !== undefined && !inp.multiple) {
      problems.push({ code: 'input-already-connected', path: `edges[${k}].target`, message: `input "${edge.target.port}" of node "${edge.target.node}" is already connected by edges[${earlier}]`, nodeId: edge.target.node });
      return;
    }
    connected.set(key, k);
  });

  nodes.forEach((node, i) => {
    const entry = entries.get(node.id);
    if (!entry || nodeIndex.get(node.id) !== i) return;
    for (const [port, spec] of Object.entries(entry.inputs)) {
      if (!spec.optional && !connected.has(`${node.id}.${port}`)) {
        problems.push({ code: 'missing-input', path: `nodes[${i}].inputs.${port}`, message: `required input "${port}" (${spec.type}) of node "${node.id}" is not connected`, nodeId: node.id });
      }
    }
  });

  const cycle = findCycle(
    doc.nodes.map((n) => n.id),
    doc.edges.filter((e) => nodeIndex.has(e.source.node) && nodeIndex.has(e.target.node)).map((e) => [e.source.node, e.target.node] as const),
  );
  if (cycle) {
    problems.push({ code: 'cycle', path: 'edges', message: `cycle through ${cycle.join(' -> ')}`, nodeId: cycle[0] });
  }

  const graph: GraphDocument = { ...doc, nodes };
  return problems.length ? { ok: false, problems, graph } : { ok: true, graph, problems: [] };
}

function ownPort<T>(ports: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(ports, name) ? ports[name] : undefined;
}
