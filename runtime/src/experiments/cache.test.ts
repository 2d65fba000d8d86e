import { LOCAL_USER_ID } from '../db/repos/users';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineNode, eraseNode, port, type BacktestValue } from '@coinlab/nodes';
import { testDatabases, type ProvisionedDatabase } from '../db/testing/test-databases';
import { createRuntime, type Runtime } from '../runtime';
import { ExperimentService } from './service';
import { experimentCreateSchema } from './schemas';

// Each iteration is a run with param overrides on the backtest only: the node upstream of it is
// unchanged, so after its first execution every iteration takes it from the content cache. The
// assertion is on what the runs stored per node (`cached`), and on how often it really executed.

const sourceExecutions = { count: 0 };
const sourceNode = eraseNode(
  defineNode({
    type: 'test.cached_source',
    version: 1,
    ui: { title: 'Cached source', category: 'data', description: 'An upstream node that counts its executions (tests).' },
    params: z.object({ n: z.number().int().default(3) }),
    inputs: {},
    outputs: { value: port.any },
    cache: 'pure',
    async execute({ params }) {
      sourceExecutions.count += 1;
      return { value: params.n };
    },
  }),
);
const backtestNode = eraseNode(
  defineNode({
    type: 'test.cached_backtest',
    version: 1,
    ui: { title: 'Backtest of a source', category: 'backtest', description: 'Statistics from x (tests).' },
    params: z.object({ x: z.number().min(0).max(1).default(0.1), from: z.string().optional(), to: z.string().optional() }),
    inputs: { upstream: port.any },
    outputs: { backtest: port.backtest },
    cache: 'pure',
    async execute({ params }) {
      const sharpe = 2 - (params.x - 0.6) ** 2 * 4;
      const stats = { sharpe, totalReturn: sharpe / 10, maxDrawdown: 0.1, winRate: 0.5, trades: 50, bars: 1000 };
      const backtest: BacktestValue = { kind: 'backtest', model: 'cached', stats, equity: [], trades: [], charts: [] };
      return { backtest };
    },
  }),
);
const graph = {
  version: 2,
  name: 'cached',
  nodes: [
    { id: 'src', type: 'test.cached_source', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
    { id: 'bt', type: 'test.cached_backtest', typeVersion: 1, params: {}, position: { x: 200, y: 0 } },
  ],
  edges: [{ source: { node: 'src', port: 'value' }, target: { node: 'bt', port: 'upstream' } }],
};

describe.each(testDatabases())('experiment iterations and the content cache ($name)', (target) => {
  let db: ProvisionedDatabase;
  let runtime: Runtime;
  let svc: ExperimentService;
  beforeAll(async () => {
    db = await target.provision();
    runtime = await createRuntime({ ...(db.databaseUrl ? { databaseUrl: db.databaseUrl } : { dataDir: db.dataDir! }), resumeRuns: false, extraNodes: [sourceNode, backtestNode] });
    svc = new ExperimentService({ store: runtime.store, manager: runtime.manager, catalog: runtime.catalog, now: () => new Date('2026-03-02T10:00:00Z') });
  });
  afterAll(async () => {
    await svc?.close();
    await runtime?.close();
    await db?.dispose();
  });

  it('takes the unchanged upstream node from the cache in every iteration after the first; the varied node runs', async () => {
    const graphId = (await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'cached', document: graph })).id;
    const r = await svc.create(LOCAL_USER_ID, 
      experimentCreateSchema.parse({
        name: 'cache',
        graphId,
        searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0, max: 1 }],
        objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
        evaluation: { dataNode: 'bt', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-02-20', folds: 2 },
        stopRules: { maxIterations: 4, minImprovement: 0 },
        autoApprove: { enabled: false },
      }),
    );
    if (!r.ok) throw new Error(r.message);
    const before = sourceExecutions.count;
    for (let i = 0; i < 3; i++) expect((await svc.step(r.experiment.id)).kind).toBe('iterated');
    const its = await svc.iterations(r.experiment.id);
    expect(its.map((i) => i.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // The source ran once at most (its first window); every later run took it from the cache.
    expect(sourceExecutions.count - before).toBeLessThanOrEqual(1);
    for (const it of its.slice(1)) {
      expect(it.runIds.length).toBeGreaterThan(0);
      for (const runId of it.runIds) {
        expect((await runtime.store.nodeRuns.get(runId, 'src'))?.cached, `#${it.seq} run ${runId}: src`).toBe(true);
        expect((await runtime.store.nodeRuns.get(runId, 'bt'))?.cached, `#${it.seq} run ${runId}: bt`).toBe(false);
      }
    }
  });
});
