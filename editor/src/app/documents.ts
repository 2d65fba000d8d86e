import { GRAPH_FORMAT_VERSION, graphDocumentSchema, migrateGraphDocument, GraphMigrationError, validateGraph, zodProblems, type GraphDocument, type GraphProblem } from '@coinlab/shared';
import { catalog } from '../catalog/catalog';

/** Problems that make a document impossible to show on the canvas. */
const BLOCKING = new Set(['schema', 'migration', 'duplicate-id', 'unknown-type', 'newer-type-version', 'dangling-edge', 'unknown-port']);

export type ReadResult =
  | { ok: true; document: GraphDocument; problems: GraphProblem[] }
  | { ok: false; problems: { path: string; message: string }[]; document?: GraphDocument };

/**
 * Reads a document from JSON (a file, the API). The document is kept as written (params
 * are not normalized) so export after import gives the same file; the shared validateGraph
 * lists its problems. Documents with blocking problems are refused; the rest open with
 * their problems listed (ok: true) or, for imports, after the user agrees.
 */
export function readDocument(raw: unknown, opts: { check?: boolean } = {}): ReadResult {
  let migrated: unknown;
  try {
    migrated = migrateGraphDocument(raw);
  } catch (err) {
    if (err instanceof GraphMigrationError) return { ok: false, problems: [{ path: err.path, message: err.message.slice(err.path.length + 2) }] };
    throw err;
  }
  const parsed = graphDocumentSchema.safeParse(migrated);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  // Documents the server stored were validated when saved: they open at once and the
  // problems list (validated a moment later) reports anything the catalog now disagrees with.
  if (opts.check === false) return { ok: true, document: parsed.data, problems: [] };
  const checked = validateGraph(parsed.data, catalog);
  if (checked.problems.some((p) => BLOCKING.has(p.code))) return { ok: false, problems: checked.problems, document: parsed.data };
  return { ok: true, document: parsed.data, problems: checked.problems };
}

export function readDocumentText(text: string): ReadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ path: '(file)', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  return readDocument(raw);
}

export function emptyDocument(name = 'Untitled graph'): GraphDocument {
  return { version: GRAPH_FORMAT_VERSION, name, nodes: [], edges: [], metadata: {} };
}

/** The exported file: the document, two-space indented, newline at the end. */
export function documentFileText(doc: GraphDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function fileNameFor(doc: GraphDocument): string {
  const base = doc.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'graph';
  return `${base}.graph.json`;
}
