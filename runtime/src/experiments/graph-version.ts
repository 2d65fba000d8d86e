import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { toJsonb } from '../db/json';

/** A graph document with some nodes' params replaced (the winning params of a promotion). */
export function withParams(document: unknown, overrides: Record<string, Record<string, unknown>>): unknown {
  const doc = document as { nodes?: { id: string; params?: Record<string, unknown> }[] };
  if (!Array.isArray(doc.nodes)) return document;
  return { ...doc, nodes: doc.nodes.map((n) => (Object.hasOwn(overrides, n.id) ? { ...n, params: { ...n.params, ...overrides[n.id] } } : n)) };
}

/**
 * Saves a new version of a graph inside the caller's transaction (the graphs repo opens its
 * own): a promotion's version and its audit record commit together or not at all.
 */
export async function saveVersionIn(trx: Kysely<Database>, graphId: string, document: unknown, message: string): Promise<number> {
  const g = await trx
    .updateTable('graphs')
    .set({ current_version: sql<number>`current_version + 1`, updated_at: sql<Date>`now()` })
    .where('id', '=', graphId)
    .where('deleted_at', 'is', null)
    .returning('current_version')
    .executeTakeFirst();
  if (!g) throw new Error(`graph ${graphId} no longer exists`);
  await trx.insertInto('graph_versions').values({ graph_id: graphId, version: g.current_version, document: toJsonb(document), message }).execute();
  return g.current_version;
}

export async function latestDocument(db: Kysely<Database>, graphId: string): Promise<unknown> {
  const row = await db
    .selectFrom('graph_versions')
    .innerJoin('graphs', 'graphs.id', 'graph_versions.graph_id')
    .select('graph_versions.document')
    .where('graph_versions.graph_id', '=', graphId)
    .whereRef('graph_versions.version', '=', 'graphs.current_version')
    .executeTakeFirst();
  return row?.document;
}
