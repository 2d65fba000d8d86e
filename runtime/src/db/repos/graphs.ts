import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, GraphsTable } from '../schema';
import type { GraphRecord, GraphVersionRecord, GraphVersionSummary, GraphWithDocument } from '../records';
import { toJsonb } from '../json';

const toGraph = (r: Selectable<GraphsTable>): GraphRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  currentVersion: r.current_version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

/**
 * Graphs and their history: every save is a new row in graph_versions, and
 * graphs.current_version points at the latest. Deleting is soft, so runs that reference a
 * graph keep their link.
 */
export function graphsRepo(db: Kysely<Database>) {
  const getVersion = async (graphId: string, version: number): Promise<GraphVersionRecord | undefined> => {
    const row = await db
      .selectFrom('graph_versions')
      .selectAll()
      .where('graph_id', '=', graphId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row && { graphId: row.graph_id, version: row.version, document: row.document, createdAt: row.created_at, message: row.message };
  };

  return {
    /** Creates the graph and its version 1 in one transaction. */
    async create(input: { ownerId: string; name: string; document: unknown; message?: string | null; id?: string }): Promise<GraphWithDocument> {
      return db.transaction().execute(async (trx) => {
        const graph = await trx
          .insertInto('graphs')
          .values({ id: input.id ?? randomUUID(), owner_id: input.ownerId, name: input.name, current_version: 1 })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('graph_versions')
          .values({ graph_id: graph.id, version: 1, document: toJsonb(input.document), message: input.message ?? null })
          .execute();
        return { ...toGraph(graph), document: input.document };
      });
    },

    /** Live graphs of one owner, most recently updated first. */
    async list(input: { ownerId: string; limit?: number; offset?: number; includeDeleted?: boolean }): Promise<GraphRecord[]> {
      let q = db.selectFrom('graphs').selectAll().where('owner_id', '=', input.ownerId);
      if (!input.includeDeleted) q = q.where('deleted_at', 'is', null);
      const rows = await q
        .orderBy('updated_at', 'desc')
        .orderBy('id')
        .limit(input.limit ?? 100)
        .offset(input.offset ?? 0)
        .execute();
      return rows.map(toGraph);
    },

    /**
     * Live graphs a user owns or was shared (by name or with the team), each with its owner's
     * name, most recently updated first.
     */
    async listVisible(input: { userId: string; limit?: number }): Promise<(GraphRecord & { ownerName: string })[]> {
      const rows = await db
        .selectFrom('graphs')
        .innerJoin('users', 'users.id', 'graphs.owner_id')
        .selectAll('graphs')
        .select('users.name as owner_name')
        .where('graphs.deleted_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('graphs.owner_id', '=', input.userId),
            eb('graphs.id', 'in', eb.selectFrom('graph_shares').select('graph_shares.graph_id').where((s) => s.or([s('graph_shares.user_id', '=', input.userId), s('graph_shares.user_id', 'is', null)]))),
          ]),
        )
        .orderBy('graphs.updated_at', 'desc')
        .orderBy('graphs.id')
        .limit(input.limit ?? 100)
        .execute();
      return rows.map((r) => ({ ...toGraph(r), ownerName: r.owner_name }));
    },

    /** The graph with its current document; undefined if unknown or deleted (unless asked). */
    async get(id: string, opts: { includeDeleted?: boolean } = {}): Promise<GraphWithDocument | undefined> {
      let q = db
        .selectFrom('graphs')
        .innerJoin('graph_versions', (j) => j.onRef('graph_versions.graph_id', '=', 'graphs.id').onRef('graph_versions.version', '=', 'graphs.current_version'))
        .selectAll('graphs')
        .select('graph_versions.document')
        .where('graphs.id', '=', id);
      if (!opts.includeDeleted) q = q.where('graphs.deleted_at', 'is', null);
      const row = await q.executeTakeFirst();
      return row && { ...toGraph(row), document: row.document };
    },

    /**
     * Saves a new version. Without `document` the new version repeats the current one (a
     * rename is a save too). The UPDATE locks the graph row, so concurrent saves get
     * consecutive version numbers. Undefined if the graph is unknown or deleted.
     */
    async update(id: string, input: { document?: unknown; name?: string; message?: string | null }): Promise<GraphWithDocument | undefined> {
      return db.transaction().execute(async (trx) => {
        const graph = await trx
          .updateTable('graphs')
          .set({
            current_version: sql<number>`current_version + 1`,
            updated_at: sql<Date>`now()`,
            ...(input.name === undefined ? {} : { name: input.name }),
          })
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!graph) return undefined;
        let document = input.document;
        if (document === undefined) {
          const previous = await trx
            .selectFrom('graph_versions')
            .select('document')
            .where('graph_id', '=', id)
            .where('version', '=', graph.current_version - 1)
            .executeTakeFirstOrThrow();
          document = previous.document;
        }
        await trx
          .insertInto('graph_versions')
          .values({ graph_id: id, version: graph.current_version, document: toJsonb(document), message: input.message ?? null })
          .execute();
        return { ...toGraph(graph), document };
      });
    },

    /** Newest first, without documents. */
    async listVersions(graphId: string): Promise<GraphVersionSummary[]> {
      const rows = await db
        .selectFrom('graph_versions')
        .select(['graph_id', 'version', 'created_at', 'message'])
        .where('graph_id', '=', graphId)
        .orderBy('version', 'desc')
        .execute();
      return rows.map((r) => ({ graphId: r.graph_id, version: r.version, createdAt: r.created_at, message: r.message }));
    },

    getVersion,

    /** True if a live graph was deleted now. */
    async softDelete(id: string): Promise<boolean> {
      const res = await db
        .updateTable('graphs')
        .set({ deleted_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      return res !== undefined;
    },
  };
}
export type GraphsRepo = ReturnType<typeof graphsRepo>;
