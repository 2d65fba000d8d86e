import { expect } from 'vitest';
import type { GraphDocumentInput } from '@coinlab/shared';
import { fixedScoresNode } from '@coinlab/nodes/testing';
import type { TestDatabaseTarget } from './db';
import { waitChain } from './graphs';
import { listAlerts } from './alerts';
import { gateGraph, isAwaiting, startRun, type Awaiting } from './lab';
import { watchRun } from './socket';
import { market5mFiles } from './paths';
import { addUser, importMarketData, startTestServer, type TestServer } from './server';
import { createToken, sessionFetch, type TestUser } from './auth';
import { syntheticBacktestNode } from '../../runtime/src/experiments/testing/synthetic-backtest';

/**
 * The lab the access matrix (test/api/access-matrix.test.ts) works in: a caller of every kind
 * and a real object of the owner's of every kind, each named with a marker to search answers for.
 */

export type Principal = 'owner' | 'admin' | 'member' | 'viewerRole' | 'stranger' | 'shareViewer' | 'revoked' | 'expired' | 'none';
export const PRINCIPALS: Principal[] = ['owner', 'admin', 'member', 'viewerRole', 'stranger', 'shareViewer', 'revoked', 'expired', 'none'];
export const SIGNED_IN = new Set<Principal>(['owner', 'admin', 'member', 'viewerRole', 'stranger', 'shareViewer']);
/** In the names of the owner's private objects: no one else may ever read it. */
export const MARKER = 'matrix-secret-7f3a';
/** In the name of the graph shared with shareViewer (and its report): that user may read it, no one else. */
export const SHARED_MARKER = 'matrix-shared-5c1e';

/**
 * The owner's objects the matrix works on. `graph` is shared with shareViewer as viewer; `run`
 * is a run of it and `artifact` that run's report (readable through the share). Everything else
 * is the owner's alone: `model` (a graph with a data node, a traded backtest node bt1 and a
 * synthetic backtest for experiments), `approval` a run of a private graph waiting at its gate
 * (`interaction` its question), its approval_needed `alert`, and a schedule, webhook, agent
 * session, data trigger, experiment and paper portfolio.
 */
export type Fixture = 'graph' | 'run' | 'artifact' | 'model' | 'approval' | 'interaction' | 'schedule' | 'webhook' | 'session' | 'alert' | 'trigger' | 'experiment' | 'paper';
export const FIXTURES: Fixture[] = ['graph', 'run', 'artifact', 'model', 'approval', 'interaction', 'schedule', 'webhook', 'session', 'alert', 'trigger', 'experiment', 'paper'];
/** An id nobody has, one per fixture (so an answer naming several maps back unambiguously). */
export const UNKNOWN_OF = Object.fromEntries(FIXTURES.map((f, i) => [f, `00000000-0000-4000-8000-0000000000${(0xa0 + i).toString(16)}`])) as Record<Fixture, string>;
/** Readable through a viewer share of the graph. */
export const SHARED = new Set<Fixture>(['graph', 'run', 'artifact']);
/** The node of the shared graph whose outputs are read. */
export const RUN_NODE = 'w0';

/** An experiment on the model graph (its synthetic backtest `bt`). */
export const experimentSpec = (graphId: string) => ({
  name: `${MARKER} experiment`,
  graphId,
  searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0, max: 1 }],
  objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
  evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20' },
  stopRules: { maxIterations: 2 },
});

/** The shared graph: two waits and a report titled with the shared marker (an artifact of each run). */
export const sharedGraph = (): GraphDocumentInput => {
  const chain = waitChain(2, 0);
  return { ...chain, name: SHARED_MARKER, nodes: [...chain.nodes, { id: 'report', type: 'report.summary', typeVersion: 1, params: { title: SHARED_MARKER }, position: { x: 400, y: 0 } }] };
};

/** A private graph of the owner's: a model traded on paper (bt1), a data node for triggers, a synthetic backtest for experiments. */
export const modelGraph = (): GraphDocumentInput => ({
  version: 2,
  name: MARKER,
  nodes: [
    { id: 'candles', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'], from: '2018-01-25' }, position: { x: 0, y: 0 } },
    { id: 'model', type: 'test.fixed_scores', typeVersion: 1, params: {}, position: { x: 200, y: 0 } },
    { id: 'bt1', type: 'backtest.long_flat', typeVersion: 1, params: { threshold: 0.5, chart: false }, position: { x: 400, y: 0 } },
    { id: 'bt', type: 'test.synthetic_backtest', typeVersion: 1, params: {}, position: { x: 400, y: 200 } },
  ],
  edges: [
    { source: { node: 'candles', port: 'candles' }, target: { node: 'model', port: 'candles' } },
    { source: { node: 'model', port: 'predictions' }, target: { node: 'bt1', port: 'predictions' } },
    { source: { node: 'candles', port: 'candles' }, target: { node: 'bt1', port: 'candles' } },
  ],
});

/** Polls `read` until it gives a value (expect.poll works only inside a test, this in beforeAll too). */
export async function eventually<T>(what: string, read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface MatrixLab {
  s: TestServer;
  tokens: Record<Principal, string | null>;
  users: Record<Principal, TestUser>;
  ids: Record<Fixture, string>;
  /** A template's name (templates are the lab's, every member reads them). */
  template: string;
}

/**
 * A server with a user of every kind and every object of the owner's. Experiments are not
 * iterated and triggers not polled: the owner's objects stay as made.
 */
export async function startMatrixLab(target: TestDatabaseTarget): Promise<MatrixLab> {
  const tokens = {} as Record<Principal, string | null>;
  const users = {} as Record<Principal, TestUser>;
  const ids = {} as Record<Fixture, string>;
  const s = await startTestServer(target, { extraNodes: [fixedScoresNode, syntheticBacktestNode], experiments: false, triggerPollMs: 0 });
  try {
    return await populate(s, tokens, users, ids);
  } catch (err) {
    await s.close();
    throw err;
  }
}

async function populate(s: TestServer, tokens: MatrixLab['tokens'], users: MatrixLab['users'], ids: MatrixLab['ids']): Promise<MatrixLab> {
  await importMarketData(s, market5mFiles().filter((f) => f.includes('ETH_BTC')));
  for (const [p, role] of [['admin', 'admin'], ['member', 'member'], ['viewerRole', 'viewer'], ['stranger', 'member'], ['shareViewer', 'member']] as const) users[p] = await addUser(s, role);
  tokens.owner = s.owner!.token;
  for (const p of ['admin', 'member', 'viewerRole', 'stranger', 'shareViewer'] as const) tokens[p] = users[p].token;
  tokens.none = null;
  // A token revoked by its user, and one whose expiry has passed.
  const m = await addUser(s, 'member');
  tokens.revoked = await createToken(s.url, m, 'to revoke');
  const list = (await (await sessionFetch(s.url, m, '/tokens')).json()) as { tokens: { id: string; name: string }[] };
  const revokedId = list.tokens.find((t) => t.name === 'to revoke')!.id;
  expect((await sessionFetch(s.url, m, `/tokens/${revokedId}`, { method: 'DELETE' })).ok).toBe(true);
  tokens.expired = await createToken(s.url, m, 'to expire');
  const again = (await (await sessionFetch(s.url, m, '/tokens')).json()) as { tokens: { id: string; name: string }[] };
  await s.runtime.store.kysely.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', again.tokens.find((t) => t.name === 'to expire')!.id).execute();

  const created = async (path: string, json: unknown, pick: (body: never) => string, status = 201) => {
    const res = await s.api(path, { method: 'POST', json });
    expect(res.status, `POST ${path}: ${await res.clone().text()}`).toBe(status);
    return pick((await res.json()) as never);
  };
  const graphId = (b: { graph: { id: string } }) => b.graph.id;
  // The agent session plans, runs and completes meanwhile (offline planner, one small model).
  ids.session = await created('/lab/agent/sessions', { goal: 'predict when ETH/BTC rises 1% within an hour', preferences: { approval_mode: 'automatic', time_period: '2018-01-24..', model_types: ['logistic_regression'] } }, (b: { session_id: string }) => b.session_id, 202);

  ids.graph = await created('/graphs', { document: sharedGraph() }, graphId);
  expect((await s.api(`/graphs/${ids.graph}/shares`, { method: 'PUT', json: { userId: users.shareViewer.id, level: 'viewer' } })).status).toBe(200);
  ids.run = await startRun(s, { graphId: ids.graph });
  await s.runtime.manager.waitFor(ids.run);
  const artifacts = (await (await s.api(`/runs/${ids.run}/artifacts`)).json()) as { artifacts: { id: string; name: string }[] };
  ids.artifact = artifacts.artifacts.find((a) => a.name.startsWith(SHARED_MARKER))!.id;

  ids.model = await created('/graphs', { document: modelGraph() }, graphId);
  const gate = await created('/graphs', { document: { ...gateGraph({ mode: 'required' }), name: MARKER } }, graphId);
  ids.approval = await startRun(s, { graphId: gate });
  const watcher = await watchRun(s.url, ids.approval);
  ids.interaction = ((await watcher.until(isAwaiting)) as Awaiting).request.interactionId;
  watcher.close();
  ids.alert = await eventually('the approval_needed alert', async () => (await listAlerts(s)).alerts.find((a) => a.kind === 'approval_needed' && a.subject?.id === ids.approval)?.id, 10_000);

  ids.schedule = await created('/schedules', { name: MARKER, graphId: ids.graph, cron: '0 3 * * *' }, (b: { schedule: { id: string } }) => b.schedule.id);
  ids.webhook = await created('/webhooks', { url: `http://127.0.0.1:9/${MARKER}` }, (b: { webhook: { id: string } }) => b.webhook.id);
  ids.trigger = await created('/data-triggers', { name: MARKER, graphId: ids.model }, (b: { trigger: { id: string } }) => b.trigger.id);
  ids.experiment = await created('/experiments', experimentSpec(ids.model), (b: { experiment: { id: string } }) => b.experiment.id);
  ids.paper = await created('/paper', { name: MARKER, graphId: ids.model, nodeId: 'bt1' }, (b: { portfolio: { id: string } }) => b.portfolio.id);

  const session = await eventually(
    'the agent session to end',
    async () => {
      const view = (await (await s.api(`/lab/agent/sessions/${ids.session}`)).json()) as { status: string; error: string | null };
      return ['completed', 'failed', 'cancelled'].includes(view.status) ? view : undefined;
    },
    90_000,
  );
  expect(session.status, session.error ?? '').toBe('completed');

  const template = ((await (await s.api('/templates')).json()) as { templates: { name: string }[] }).templates[0]!.name;
  return { s, tokens, users, ids, template };
}

/**
 * Every id of an object the owner has now (every table with an owner_id, found in the schema so a
 * new kind of object is never forgotten, and the question of its waiting run), and those of them
 * shareViewer may read: the shared graph, its runs and their artifacts.
 */
export async function ownerIds({ s, ids }: Pick<MatrixLab, 's' | 'ids'>): Promise<{ all: string[]; shared: Set<string> }> {
  const k = s.runtime.store.kysely;
  const owner = s.owner!.id;
  const tables = (await k.introspection.getTables()).filter((tb) => tb.columns.some((c) => c.name === 'owner_id') && tb.columns.some((c) => c.name === 'id')).map((tb) => tb.name);
  expect(tables).toEqual(expect.arrayContaining(['agent_sessions', 'alerts', 'artifacts', 'data_triggers', 'experiments', 'graphs', 'paper_portfolios', 'runs', 'schedules', 'webhooks']));
  const owned = k.withTables<Record<string, { id: string; owner_id: string }>>();
  const all = [ids.interaction];
  for (const table of tables) all.push(...(await owned.selectFrom(table).select('id').where('owner_id', '=', owner).execute()).map((r) => String(r.id)));
  const sharedRuns = (await k.selectFrom('runs').select('id').where('graph_id', '=', ids.graph).execute()).map((r) => r.id);
  const sharedArtifacts = sharedRuns.length ? (await k.selectFrom('artifacts').select('id').where('run_id', 'in', sharedRuns).execute()).map((r) => r.id) : [];
  return { all, shared: new Set([ids.graph, ...sharedRuns, ...sharedArtifacts]) };
}
