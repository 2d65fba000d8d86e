import type { GraphAccess } from '@coinlab/shared';
import type { Store } from '../db';
import type { GraphRecord, GraphWithDocument, RunRecord } from '../db/records';
import type { Principal } from '../auth/principal';
import { isUuid } from '../api/schemas';

/**
 * Who may see and do what: the one place the routes and the sockets ask.
 *
 * - A graph is seen by its owner and by whoever it is shared with (by name or with the whole
 *   team); a viewer share reads it, an editor share also changes and runs it. A user whose role
 *   is `viewer` never gets more than viewer access, whatever the share says.
 * - A run is seen by its owner and by anyone who can read its graph; it is controlled
 *   (cancelled, answered, resumed) by its owner or an editor or owner of its graph.
 * - Everything else (schedules, experiments, alerts, paper portfolios, data triggers, agent
 *   sessions) is its owner's alone; the services filter on the owner given per call.
 *
 * What a principal may not see does not exist for it: callers answer exactly as for an
 * unknown id, so a refusal never tells that the object is there.
 */
const RANK: Record<GraphAccess, number> = { viewer: 1, editor: 2, owner: 3 };

export const canChange = (access: GraphAccess | null | undefined): boolean => access === 'owner' || access === 'editor';

export function createAccess(store: Store) {
  async function graphAccess(p: Principal, graph: Pick<GraphRecord, 'id' | 'ownerId'>): Promise<GraphAccess | null> {
    if (graph.ownerId === p.userId) return 'owner';
    const shares = await store.graphShares.reaching(p.userId, [graph.id]);
    if (shares.length === 0) return null;
    const best = shares.some((s) => s.level === 'editor') ? 'editor' : 'viewer';
    return p.role === 'viewer' ? 'viewer' : best;
  }

  /** The graph and what this principal may do with it; undefined when it may not see it (or it does not exist). */
  async function readableGraph(p: Principal, id: string, opts: { includeDeleted?: boolean } = {}): Promise<{ graph: GraphWithDocument; access: GraphAccess } | undefined> {
    if (!isUuid(id)) return undefined;
    const graph = await store.graphs.get(id, opts);
    if (!graph) return undefined;
    const access = await graphAccess(p, graph);
    return access ? { graph, access } : undefined;
  }

  /** Access of a principal to many graphs at once (for lists): graphs it cannot see are absent. */
  async function accessToGraphs(p: Principal, graphs: readonly Pick<GraphRecord, 'id' | 'ownerId'>[]): Promise<Map<string, GraphAccess>> {
    const out = new Map<string, GraphAccess>();
    const others = graphs.filter((g) => g.ownerId !== p.userId);
    for (const g of graphs) if (g.ownerId === p.userId) out.set(g.id, 'owner');
    for (const s of await store.graphShares.reaching(p.userId, others.map((g) => g.id))) {
      const level: GraphAccess = p.role === 'viewer' ? 'viewer' : s.level;
      const had = out.get(s.graphId);
      if (!had || RANK[level] > RANK[had]) out.set(s.graphId, level);
    }
    return out;
  }

  /** What the principal may do with a run's graph (null: nothing, or the run has no saved graph). */
  async function runGraphAccess(p: Principal, run: RunRecord): Promise<GraphAccess | null> {
    if (!run.graphId) return null;
    const graph = await store.graphs.get(run.graphId, { includeDeleted: true });
    return graph ? graphAccess(p, graph) : null;
  }

  async function canReadRun(p: Principal, run: RunRecord): Promise<boolean> {
    return run.ownerId === p.userId || (await runGraphAccess(p, run)) !== null;
  }

  async function canControlRun(p: Principal, run: RunRecord): Promise<boolean> {
    if (run.ownerId === p.userId) return true;
    return canChange(await runGraphAccess(p, run));
  }

  /** The run if this principal may see it; undefined for an unknown id and a run it may not see alike. */
  async function readableRun(p: Principal, id: string): Promise<RunRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const run = await store.runs.get(id);
    return run && (await canReadRun(p, run)) ? run : undefined;
  }

  /**
   * Who can see a run: its owner, its graph's owner and the users it is shared with, or
   * everyone (`team`) when the graph is shared with the whole team. For live lists.
   */
  async function runAudience(runId: string): Promise<{ team: boolean; users: Set<string> } | undefined> {
    const run = await store.runs.get(runId);
    if (!run) return undefined;
    const users = new Set([run.ownerId]);
    let team = false;
    if (run.graphId) {
      const graph = await store.graphs.get(run.graphId, { includeDeleted: true });
      if (graph) users.add(graph.ownerId);
      for (const s of await store.graphShares.list(run.graphId)) {
        if (s.userId === null) team = true;
        else users.add(s.userId);
      }
    }
    return { team, users };
  }

  return { graphAccess, readableGraph, accessToGraphs, canReadRun, canControlRun, readableRun, runAudience };
}
export type Access = ReturnType<typeof createAccess>;
