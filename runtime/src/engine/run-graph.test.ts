import { beforeEach, describe, expect, it } from 'vitest';
import { snapshotFromEvents, type GraphDocumentInput, type RunEvent } from '@coinlab/shared';
import { MemoryOutputCache, noCache, type OutputCache } from './cache';
import { RunEventEmitter } from './events';
import { GraphInvalidError } from './plan';
import { runGraph } from './run-graph';
import { calls, memoryServices, testCatalog, testRegistry } from './testing/test-nodes';

type N = [id: string, type: string, params?: Record<string, unknown>];
function graph(nodes: N[], edges: [string, string, string?, string?][]): GraphDocumentInput {
  return {
    version: 2,
    name: 'test',
    nodes: nodes.map(([id, type, params]) => ({ id, type: `test.${type}`, typeVersion: 1, params: params ?? {}, position: { x: 0, y: 0 } })),
    edges: edges.map(([s, t, sp, tp]) => ({ source: { node: s, port: sp ?? 'value' }, target: { node: t, port: tp ?? 'values' } })),
  };
}

async function run(doc: GraphDocumentInput, opts: { cache?: OutputCache; signal?: AbortSignal; concurrency?: number; cacheScope?: string } = {}) {
  const emitter = new RunEventEmitter('run-1');
  const events: RunEvent[] = [];
  emitter.on((e) => events.push(e));
  const services = memoryServices();
  const result = await runGraph({ graph: doc, catalog: testCatalog, registry: testRegistry, emitter, cache: opts.cache ?? noCache, services: () => services, signal: opts.signal, concurrency: opts.concurrency, ...(opts.cacheScope !== undefined ? { cacheScope: opts.cacheScope } : {}) });
  return { result, events, snapshot: snapshotFromEvents('run-1', events) };
}

const kinds = (events: RunEvent[], nodeId: string) => events.filter((e) => 'nodeId' in e && e.nodeId === nodeId && e.kind !== 'run.failed').map((e) => e.kind);

beforeEach(() => {
  calls.length = 0;
});

describe('runGraph', () => {
  it('runs a chain in dependency order with gapless sequence numbers', async () => {
    const { result, events, snapshot } = await run(graph([['c', 'add', { plus: 2 }], ['a', 'constant', { value: 3 }], ['b', 'add', { plus: 1 }]], [['a', 'b'], ['b', 'c']]));
    expect(result.status).toBe('succeeded');
    expect(calls).toEqual(['a', 'b', 'c']);
    expect(result.nodes.get('c')?.outputs).toEqual({ value: 6 });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.every((e) => e.runId === 'run-1')).toBe(true);
    expect(snapshot.status).toBe('succeeded');
    expect(Object.values(snapshot.nodes).map((n) => n.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(kinds(events, 'b')).toEqual(['node.queued', 'node.started', 'node.progress', 'node.succeeded']);
  });

  it('gives a multiple input its values in edge order', async () => {
    const { result } = await run(graph([['a', 'constant', { value: 1 }], ['b', 'constant', { value: 10 }], ['s', 'add']], [['b', 's'], ['a', 's']]));
    expect(result.nodes.get('s')?.outputs).toEqual({ value: 11 });
  });

  it('runs independent branches in parallel, bounded by the concurrency limit', async () => {
    const nodes: N[] = Array.from({ length: 6 }, (_, i) => [`n${i}`, 'constant', { value: i, delayMs: 60 }]);
    let running = 0;
    let peak = 0;
    const emitter = new RunEventEmitter('r');
    emitter.on((e) => {
      if (e.kind === 'node.started') peak = Math.max(peak, ++running);
      if (e.kind === 'node.succeeded') running--;
    });
    const services = memoryServices();
    await runGraph({ graph: graph(nodes, []), catalog: testCatalog, registry: testRegistry, emitter, cache: noCache, services: () => services, concurrency: 3 });
    expect(peak).toBe(3);
  });

  it('fails the run with the node message and skips only what depends on the failure', async () => {
    const { result, events, snapshot } = await run(
      graph([['a', 'constant'], ['f', 'fail', { message: 'the model exploded' }], ['after', 'add'], ['other', 'add']], [['a', 'f', 'value', 'value'], ['f', 'after'], ['a', 'other']]),
    );
    expect(result.status).toBe('failed');
    expect(result.error).toBe('node "f" failed: the model exploded');
    expect(snapshot.nodes.f?.status).toBe('failed');
    expect(snapshot.nodes.f?.error).toBe('the model exploded');
    expect(snapshot.nodes.after?.status).toBe('skipped');
    expect(snapshot.nodes.other?.status).toBe('succeeded');
    expect(calls.filter((c) => c === 'f')).toHaveLength(3); // 1 try + 2 retries
    expect(events.filter((e) => e.kind === 'node.retrying')).toHaveLength(2);
    expect(events.at(-1)?.kind).toBe('run.failed');
  });

  it('retries a flaky node and succeeds', async () => {
    const { result, events } = await run(graph([['f', 'fail', { failTimes: 1 }]], []));
    expect(result.status).toBe('succeeded');
    expect(events.find((e) => e.kind === 'node.retrying')).toMatchObject({ attempt: 2, error: 'boom' });
  });

  it('fires a per-node timeout', async () => {
    const { result, snapshot } = await run(graph([['s', 'slow']], []));
    expect(result.status).toBe('failed');
    expect(snapshot.nodes.s?.error).toBe('timed out after 100 ms');
  });

  it('cancels promptly, even a node that ignores its abort signal', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('cancelled by user')), 100);
    const { result, snapshot, events } = await run(graph([['s', 'stubborn'], ['next', 'add']], [['s', 'next']]), { signal: controller.signal });
    // Well before the stubborn node's 5 s sleep ends: the run did not wait for it.
    expect(Date.now() - started).toBeLessThan(2500);
    expect(result.status).toBe('cancelled');
    expect(snapshot.status).toBe('cancelled');
    expect(snapshot.nodes.s?.status).toBe('cancelled');
    expect(snapshot.nodes.next?.status).toBe('cancelled');
    expect(events.at(-1)).toMatchObject({ kind: 'run.cancelled', reason: 'cancelled by user' });
  });

  it('rejects an invalid graph before any event, naming every problem', async () => {
    const emitter = new RunEventEmitter('r');
    const events: RunEvent[] = [];
    emitter.on((e) => events.push(e));
    const doc = graph([['a', 'constant', { value: 'x' }], ['b', 'nope']], [['a', 'zz']]);
    const err = await runGraph({ graph: doc, catalog: testCatalog, registry: testRegistry, emitter, cache: noCache, services: memoryServices }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphInvalidError);
    const paths = (err as GraphInvalidError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['nodes[0].params.value', 'nodes[1].type', 'edges[0].target.node']));
    expect(events).toEqual([]);
  });
});

describe('output cache', () => {
  const doc = () => graph([['a', 'constant', { value: 1 }], ['b', 'add', { plus: 1 }], ['c', 'add', { plus: 1 }], ['x', 'add', { plus: 5 }]], [['a', 'b'], ['b', 'c'], ['a', 'x']]);

  it('re-runs only the changed node and what depends on it, and says which nodes were cached', async () => {
    const cache = new MemoryOutputCache();
    await run(doc(), { cache });
    expect(calls.sort()).toEqual(['a', 'b', 'c', 'x']);

    calls.length = 0;
    const again = await run(doc(), { cache });
    expect(calls).toEqual([]);
    expect(Object.values(again.snapshot.nodes).every((n) => n.status === 'cached')).toBe(true);

    calls.length = 0;
    const changed = doc();
    changed.nodes[1]!.params = { plus: 2 };
    const third = await run(changed, { cache });
    expect(calls.sort()).toEqual(['b', 'c']);
    expect(third.snapshot.nodes.a?.status).toBe('cached');
    expect(third.snapshot.nodes.x?.status).toBe('cached');
    expect(third.result.nodes.get('c')?.outputs).toEqual({ value: 4 });
  });

  it('ignores position and label', async () => {
    const cache = new MemoryOutputCache();
    await run(doc(), { cache });
    calls.length = 0;
    const moved = doc();
    moved.nodes.forEach((n, i) => Object.assign(n, { position: { x: i * 100, y: 50 }, label: `renamed ${i}` }));
    await run(moved, { cache });
    expect(calls).toEqual([]);
  });

  it('shares no entry between cache scopes (each user its own), and every entry within one', async () => {
    const cache = new MemoryOutputCache();
    const alice = await run(doc(), { cache, cacheScope: 'alice' });
    calls.length = 0;
    const bob = await run(doc(), { cache, cacheScope: 'bob' });
    expect(calls.sort()).toEqual(['a', 'b', 'c', 'x']);
    expect(Object.values(bob.snapshot.nodes).every((n) => n.status === 'succeeded')).toBe(true);
    const signatures = (r: typeof alice) => [...r.result.nodes.values()].map((n) => n.signature);
    expect(signatures(bob).filter((sig) => signatures(alice).includes(sig))).toEqual([]);
    calls.length = 0;
    const aliceAgain = await run(doc(), { cache, cacheScope: 'alice' });
    expect(calls).toEqual([]);
    expect(signatures(aliceAgain)).toEqual(signatures(alice));
    // Unscoped runs keep the signatures they always had (and their cache with them).
    calls.length = 0;
    await run(doc(), { cache });
    expect(calls.sort()).toEqual(['a', 'b', 'c', 'x']);
  });

  it('keys downstream of a non-cacheable node on its actual output', async () => {
    const cache = new MemoryOutputCache();
    const g = (v: number) => graph([['v', 'volatile', { value: v }], ['d', 'add']], [['v', 'd']]);
    await run(g(7), { cache });
    calls.length = 0;
    await run(g(7), { cache });
    expect(calls).toEqual(['v']); // volatile always runs, its unchanged output keeps d cached
    calls.length = 0;
    await run(g(8), { cache });
    expect(calls).toEqual(['v', 'd']);
  });
});

describe('branch stopped', () => {
  it('stops only its branch: dependents skipped with the reason, the run succeeds', async () => {
    const { defineNode, eraseNode, port, BranchStoppedError, toCatalogEntry } = await import('@coinlab/nodes');
    const { z } = await import('zod');
    const { catalogFrom } = await import('@coinlab/shared');
    const gate = eraseNode(
      defineNode({
        type: 'test.gate',
        version: 1,
        ui: { title: 'Gate', category: 'utility', description: 'Stops its branch.' },
        params: z.object({}),
        inputs: { value: port.json },
        outputs: { value: port.json },
        cache: 'never',
        async execute() {
          throw new BranchStoppedError('win rate 40% is below params.minWinRate 50%');
        },
      }),
    );
    const registry = new Map([...testRegistry, [gate.type, gate]]);
    const catalog = catalogFrom([...registry.values()].map(toCatalogEntry));
    const emitter = new RunEventEmitter('r');
    const events: RunEvent[] = [];
    emitter.on((e) => events.push(e));
    const doc = graph([['a', 'constant'], ['other', 'add'], ['after', 'add']], [['a', 'other']]);
    doc.nodes.push({ id: 'g', type: 'test.gate', typeVersion: 1, params: {}, position: { x: 0, y: 0 } });
    doc.edges.push({ source: { node: 'a', port: 'value' }, target: { node: 'g', port: 'value' } }, { source: { node: 'g', port: 'value' }, target: { node: 'after', port: 'values' } });
    const services = memoryServices();
    const result = await runGraph({ graph: doc, catalog, registry, emitter, cache: noCache, services: () => services });
    const snap = snapshotFromEvents('r', events);
    expect(result.status).toBe('succeeded');
    expect(snap.status).toBe('succeeded');
    expect(snap.nodes.g).toMatchObject({ status: 'stopped', skipReason: 'win rate 40% is below params.minWinRate 50%' });
    expect(snap.nodes.after).toMatchObject({ status: 'skipped', skipReason: 'upstream node "g" stopped the branch: win rate 40% is below params.minWinRate 50%' });
    expect(snap.nodes.other?.status).toBe('succeeded');
  });
});

describe('node preparations', () => {
  /** test.add with a prepare hook that records its calls. */
  function preparingRegistry(prepared: string[]) {
    const registry = new Map(testRegistry);
    registry.set('test.add', { ...testRegistry.get('test.add')!, prepare: async () => prepared.push('test.add') });
    return registry;
  }
  const doc = () => graph([['a', 'constant', { value: 1 }], ['b', 'add'], ['c', 'add', { plus: 1 }]], [['a', 'b'], ['b', 'c']]);
  const runWith = (prepared: string[], cache: OutputCache, fromNode?: string) =>
    runGraph({ graph: doc(), catalog: testCatalog, registry: preparingRegistry(prepared), emitter: new RunEventEmitter('r'), cache, services: () => memoryServices(), ...(fromNode ? { fromNode } : {}) });

  it('are started once per node type when no cache is read, before the nodes run', async () => {
    const prepared: string[] = [];
    const result = await runWith(prepared, noCache);
    expect(result.status).toBe('succeeded');
    expect(prepared).toEqual(['test.add']);
  });

  it('are not started where the cache may answer, except for the nodes forced to run', async () => {
    const cache = new MemoryOutputCache();
    const prepared: string[] = [];
    await runWith(prepared, cache);
    expect(prepared).toEqual([]);
    await runWith(prepared, cache, 'c');
    expect(prepared).toEqual(['test.add']);
  });

  it('do not fail a run when they fail', async () => {
    const registry = new Map(testRegistry);
    registry.set('test.add', { ...testRegistry.get('test.add')!, prepare: async () => Promise.reject(new Error('no threads here')) });
    const result = await runGraph({ graph: doc(), catalog: testCatalog, registry, emitter: new RunEventEmitter('r'), cache: noCache, services: () => memoryServices() });
    expect(result.status).toBe('succeeded');
  });
});
