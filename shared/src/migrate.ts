import { GRAPH_FORMAT_VERSION } from './graph';

/**
 * One migration per format version step. Each takes a document of version N (already
 * known to be an object) and returns one of version N + 1. Migrations never validate:
 * validation runs once, after the last step, so problems are reported against the
 * current format.
 */
type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const migrations: Record<number, (doc: JsonObject) => JsonObject> = {
  /**
   * Version 1 stored edges flat, `{ source, sourceHandle, target, targetHandle }`, the way
   * the canvas library names them. Version 2 uses `{ source: {node, port}, target: {node, port} }`
   * so the engine never reads the editor's format.
   */
  1: (doc) => ({
    ...doc,
    version: 2,
    edges: Array.isArray(doc.edges)
      ? doc.edges.map((e: unknown) => {
          if (!isObject(e)) return e;
          const { source, sourceHandle, target, targetHandle, ...rest } = e;
          return { ...rest, source: { node: source, port: sourceHandle }, target: { node: target, port: targetHandle } };
        })
      : doc.edges,
  }),
};

export class GraphMigrationError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'GraphMigrationError';
  }
}

/** Brings any supported document up to GRAPH_FORMAT_VERSION. A missing version means current. */
export function migrateGraphDocument(raw: unknown): unknown {
  if (!isObject(raw)) return raw; // schema validation reports it
  let doc: JsonObject = raw.version === undefined ? { ...raw, version: GRAPH_FORMAT_VERSION } : raw;
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new GraphMigrationError('version', `must be a whole number between 1 and ${GRAPH_FORMAT_VERSION}`);
  }
  if (version > GRAPH_FORMAT_VERSION) {
    throw new GraphMigrationError(
      'version',
      `is ${version}, newer than this coinlab understands (${GRAPH_FORMAT_VERSION}); upgrade coinlab`,
    );
  }
  for (let v = version; v < GRAPH_FORMAT_VERSION; v++) {
    const step = migrations[v];
    if (!step) throw new GraphMigrationError('version', `no migration from version ${v}`);
    doc = step(doc);
  }
  return doc;
}
