/**
 * Engine overhead per node: a 50-node chain of no-op nodes through coinlab's engine (events to
 * an in-memory sink, no cache hits) side by side with LangGraph's StateGraph running the same
 * chain, in one process; then the same chain with database persistence (embedded, and the
 * PostgreSQL server when TEST_DATABASE_URL or DATABASE_URL is set).
 * Run: pnpm bench:engine
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { catalogFrom, type RunEvent } from '@coinlab/shared';
import { createMemoryServices } from '@coinlab/nodes/offline';
import { toCatalogEntry } from '@coinlab/nodes';
import { noCache, planGraph, RunEventEmitter, runGraph } from '../src/engine';
import { createRuntime } from '../src/runtime';
import { chainGraph, median, noopNode } from './noop-nodes';

const N = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const registry = new Map([[noopNode.type, noopNode]]);
const catalog = catalogFrom([toCatalogEntry(noopNode)]);
const services = createMemoryServices();

async function coinlabRound(): Promise<number> {
  const emitter = new RunEventEmitter('bench');
  const sink: RunEvent[] = [];
  emitter.on((e) => sink.push(e));
  const t0 = performance.now();
  // Planning (validation) is part of every run, so it is inside the timing.
  const result = await runGraph({ graph: chainGraph(N), catalog, registry, emitter, cache: noCache, services: () => services, concurrency: 4 });
  const ms = performance.now() - t0;
  if (result.status !== 'succeeded' || sink.length < N * 3) throw new Error('engine run did not succeed');
  return ms;
}

function buildLangGraph() {
  const State = Annotation.Root({ value: Annotation<number>({ reducer: (_a, b) => b, default: () => 0 }) });
  let g = new StateGraph(State) as unknown as StateGraph<typeof State.spec>;
  const b = g as unknown as { addNode(name: string, fn: (s: { value: number }) => { value: number }): unknown; addEdge(a: string, b: string): unknown };
  for (let i = 0; i < N; i++) b.addNode(`n${i}`, (s) => ({ value: s.value }));
  b.addEdge(START, 'n0');
  for (let i = 0; i < N - 1; i++) b.addEdge(`n${i}`, `n${i + 1}`);
  b.addEdge(`n${N - 1}`, END);
  return (g as unknown as { compile(): { invoke(s: { value: number }, c: { recursionLimit: number }): Promise<{ value: number }> } }).compile();
}

async function langgraphRound(app: ReturnType<typeof buildLangGraph>): Promise<number> {
  const t0 = performance.now();
  const out = await app.invoke({ value: 1 }, { recursionLimit: N + 10 });
  const ms = performance.now() - t0;
  if (out.value !== 1) throw new Error('langgraph run failed');
  return ms;
}

async function persistedPerNode(label: string, opts: { databaseUrl?: string; dataDir?: string }, rounds: number): Promise<number> {
  const rt = await createRuntime({ ...opts, extraNodes: [noopNode], cache: noCache });
  try {
    const plan = planGraph(chainGraph(N), rt.catalog, rt.registry);
    const times: number[] = [];
    for (let r = 0; r < rounds + 3; r++) {
      const t0 = performance.now();
      const started = await rt.manager.start({ document: plan.graph, trigger: 'bench' });
      await started.done; // resolves after every event is stored
      if (r >= 3) times.push(performance.now() - t0);
    }
    const perNode = median(times) / N;
    console.log(`  ${label.padEnd(34)} ${perNode.toFixed(4)} ms/node  (${rounds} runs, median)`);
    return perNode;
  } finally {
    await rt.close();
  }
}

async function main() {
  console.log(`engine overhead: chain of ${N} no-op nodes, ${ROUNDS} rounds each, interleaved, median; ${os.cpus().length} cpus, node ${process.version}`);
  const lg = buildLangGraph();
  for (let i = 0; i < 30; i++) {
    await coinlabRound();
    await langgraphRound(lg);
  }
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(await coinlabRound());
    theirs.push(await langgraphRound(lg));
  }
  const engine = median(ours) / N;
  const langgraph = median(theirs) / N;
  console.log(`  coinlab engine (in-memory events)  ${engine.toFixed(4)} ms/node`);
  console.log(`  LangGraph StateGraph                ${langgraph.toFixed(4)} ms/node`);

  console.log('with database persistence (events, run and node rows stored before the run counts as done):');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-bench-'));
  let embedded = Number.NaN;
  let pg = Number.NaN;
  try {
    embedded = await persistedPerNode('embedded PostgreSQL (PGlite)', { dataDir: path.join(dir, 'data') }, 30);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  try {
    pg = await persistedPerNode(`PostgreSQL server`, { databaseUrl: url }, 30);
  } catch (err) {
    console.log(`  PostgreSQL server: skipped (${err instanceof Error ? err.message : String(err)})`);
  }
  console.log(`engine_ms_per_node=${engine.toFixed(4)} langgraph_ms_per_node=${langgraph.toFixed(4)} ratio=${(engine / langgraph).toFixed(3)} embedded_ms_per_node=${embedded.toFixed(3)} pg_ms_per_node=${pg.toFixed(3)}`);
}

void main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
