import { randomUUID } from 'node:crypto';
import type { Catalog, GraphDocument } from '@coinlab/shared';
import type { AnyNodeDefinition, MarketDataService, NodeServices } from '@coinlab/nodes';
import { createMemoryServices, offlineLlm } from '@coinlab/nodes/offline';
import { MemoryOutputCache, RunEventEmitter, runGraph } from '../engine';
import { sampledMarket } from './sampled-market';
import type { DryRunReport } from './types';

/**
 * Runs a planned graph on a small sample before it is handed over: the market data service
 * serves every coin's last `sampleBars` bars, approvals are answered at once, the LLM service
 * is the offline one (a dry run spends no LLM tokens), nothing is stored (memory cache and
 * artifacts). The graph runs as planned: no node type is special here. A graph that
 * fails here would fail on the full data too, and says so before anyone waits for it.
 */
export async function dryRun(doc: GraphDocument, deps: { catalog: Catalog; registry: ReadonlyMap<string, AnyNodeDefinition>; market: MarketDataService; sampleBars: number; timeoutMs?: number }): Promise<DryRunReport> {
  // A quiet stretch can hold no positive target at all: a failure on the sample is tried
  // again on a larger one, and on the whole range, before it counts.
  const sizes = [deps.sampleBars, deps.sampleBars * 4, null];
  const tried: string[] = [];
  let report: DryRunReport | undefined;
  for (const size of sizes) {
    report = await dryRunOnce(doc, { ...deps, sampleBars: size });
    if (report.ok) break;
    tried.push(`${size === null ? 'the whole range' : `the last ${size} bars`}: ${report.error ?? 'failed'}`);
    // Only failures the nodes mark as data-dependent get better with more data.
    if (!Object.values(report.nodes).some((n) => n.code === 'insufficient_data')) break;
  }
  return { ...report!, retries: tried.length && report!.ok ? tried : report!.ok ? [] : tried.slice(0, -1) };
}

async function dryRunOnce(doc: GraphDocument, deps: { catalog: Catalog; registry: ReadonlyMap<string, AnyNodeDefinition>; market: MarketDataService; sampleBars: number | null; timeoutMs?: number }): Promise<DryRunReport> {
  const market = sampledMarket(deps.market, deps.sampleBars);
  const memory = createMemoryServices();
  const services: NodeServices = {
    market: market.service,
    artifacts: memory.artifacts,
    // Every approval is answered at once: a dry run waits for nobody.
    interactions: { ask: async (req) => ({ decision: req.defaultAction ?? 'approve', by: 'dry-run', reason: 'dry run' }) },
    llm: offlineLlm,
    now: () => Date.now(),
  };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`the dry run took longer than ${(deps.timeoutMs ?? 120_000) / 1000} s`)), deps.timeoutMs ?? 120_000);
  const started = Date.now();
  try {
    const result = await runGraph({
      graph: doc,
      catalog: deps.catalog,
      registry: deps.registry,
      emitter: new RunEventEmitter(`dry-run-${randomUUID()}`),
      cache: new MemoryOutputCache(),
      services: () => services,
      signal: controller.signal,
      concurrency: 2,
      trigger: 'dry-run',
    });
    return {
      ok: result.status === 'succeeded',
      sampleBars: deps.sampleBars,
      sample: market.served,
      durationMs: Date.now() - started,
      nodes: Object.fromEntries([...result.nodes].map(([id, r]) => [id, { status: r.status, ...(r.error ? { error: r.error } : {}), ...(r.code ? { code: r.code } : {}) }])),
      error: result.error,
      retries: [],
    };
  } finally {
    clearTimeout(timer);
  }
}
