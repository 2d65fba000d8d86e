import { parseArgs } from 'node:util';
import { RUN_STATUSES, RUN_TRIGGER_KINDS, graphWithDocumentResponseSchema, runListResponseSchema, runStatusSchema, runTriggerKind, runTriggerKindSchema, type RunStatus, type RunSummary, type RunTriggerKind } from '@coinlab/shared';
import { isUuid, toRunSummary } from '../../api/schemas';
import { EXIT, UsageError } from '../exit-codes';
import { openCliTarget } from '../open-runtime';
import { ApiError, type ServerApi } from '../remote/server-api';
import type { Runtime } from '../../runtime';
import { HISTORY_HELP } from './history-help';
import { formatHistory, type HistoryEntry } from './history-format';

/** The most the API lists at once (GET /runs `limit`). */
const LIMIT_MAX = 500;
const LIMIT_DEFAULT = 20;

interface HistoryQuery {
  limit: number;
  status?: RunStatus;
  trigger?: RunTriggerKind;
  graphId?: string;
}

export async function historyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { limit: { type: 'string' }, status: { type: 'string' }, trigger: { type: 'string' }, graph: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length) throw new UsageError(`coinlab history takes no arguments, not "${positionals[0]}"\n\n${HISTORY_HELP}`);
  const query = readQuery(values);
  const runs = await readHistory(query);
  process.stdout.write(values.json ? `${JSON.stringify({ runs }, null, 2)}\n` : formatHistory(runs));
  return EXIT.ok;
}

/** The options, checked before anything is opened: a bad one names what is allowed. */
function readQuery(v: { limit?: string; status?: string; trigger?: string; graph?: string }): HistoryQuery {
  const limit = v.limit === undefined ? LIMIT_DEFAULT : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMIT_MAX) throw new UsageError(`--limit must be a whole number between 1 and ${LIMIT_MAX}, not "${v.limit}"`);
  const query: HistoryQuery = { limit };
  if (v.status !== undefined) {
    const status = runStatusSchema.safeParse(v.status);
    if (!status.success) throw new UsageError(`--status must be one of ${RUN_STATUSES.join(', ')}; not "${v.status}"`);
    query.status = status.data;
  }
  if (v.trigger !== undefined) {
    const trigger = runTriggerKindSchema.safeParse(v.trigger);
    if (!trigger.success) throw new UsageError(`--trigger must be one of ${RUN_TRIGGER_KINDS.join(', ')}; not "${v.trigger}"`);
    query.trigger = trigger.data;
  }
  if (v.graph !== undefined) {
    if (!isUuid(v.graph)) throw new UsageError(`--graph takes a saved graph's id (0b7c…-…), not "${v.graph}"`);
    query.graphId = v.graph;
  }
  return query;
}

async function readHistory(q: HistoryQuery): Promise<HistoryEntry[]> {
  const target = await openCliTarget();
  if (target.kind === 'remote') return remoteHistory(target.server, q);
  const rt = target.runtime;
  try {
    return await localHistory(rt, q);
  } finally {
    await rt.close();
  }
}

async function localHistory(rt: Runtime, q: HistoryQuery): Promise<HistoryEntry[]> {
  const runs = await rt.store.runs.list({ ownerId: rt.ownerId, limit: q.limit, ...(q.status ? { status: q.status } : {}), ...(q.trigger ? { triggerKind: q.trigger } : {}), ...(q.graphId ? { graphId: q.graphId } : {}) });
  const names = await graphNames(runs.map((r) => r.graphId), async (id) => {
    const g = await rt.store.graphs.get(id);
    return g && g.ownerId === rt.ownerId ? g.name : null;
  });
  return runs.map((r) => toEntry(toRunSummary(r), names));
}

async function remoteHistory(server: ServerApi, q: HistoryQuery): Promise<HistoryEntry[]> {
  const params = new URLSearchParams({ limit: String(q.limit) });
  if (q.status) params.set('status', q.status);
  if (q.trigger) params.set('trigger', q.trigger);
  if (q.graphId) params.set('graphId', q.graphId);
  const { runs } = await server.request(`/runs?${params.toString()}`, runListResponseSchema);
  const names = await graphNames(runs.map((r) => r.graphId), async (id) => {
    try {
      return (await server.request(`/graphs/${id}`, graphWithDocumentResponseSchema)).graph.name;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null; // deleted since the run
      throw err;
    }
  });
  return runs.map((r) => toEntry(r, names));
}

/** The name of each saved graph the runs name, each looked up once. */
async function graphNames(ids: readonly (string | null)[], nameOf: (id: string) => Promise<string | null>): Promise<Map<string, string | null>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  return new Map(await Promise.all(unique.map(async (id) => [id, await nameOf(id)] as const)));
}

function toEntry(r: RunSummary, names: ReadonlyMap<string, string | null>): HistoryEntry {
  return {
    id: r.id,
    status: r.status,
    trigger: r.trigger,
    triggerKind: runTriggerKind(r.trigger),
    graphId: r.graphId,
    graphVersion: r.graphVersion,
    graphName: r.graphId === null ? null : (names.get(r.graphId) ?? null),
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    durationMs: r.durationMs,
    error: r.error,
  };
}
