import { randomUUID } from 'node:crypto';
import type { Catalog, GraphDocument } from '@coinlab/shared';
import type { AnyNodeDefinition, MarketDataService, NodeServices } from '@coinlab/nodes';
import { createMemoryServices, offlineLlm } from '@coinlab/nodes/testing';
import { MemoryOutputCache, RunEventEmitter, runGraph } from '../engine';
import type { DryRunReport } from './types';

const BAR_MS = 5 * 60_000;

/**
 * Runs a planned graph on a small sample before it is handed over: every loader limited to
 * its last `sampleBars` bars, approval gates automatic, agents on their offline script (a
 * dry run spends no LLM tokens), nothing stored (memory cache and artifacts). A graph that
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
    // Only data-dependent failures get better with more data.
    if (!/both classes|no model has the metric|no candles|leaves no rows|need \d+ bars|too few|no rows/i.test(report.error ?? '')) break;
  }
  return { ...report!, retries: tried.length && report!.ok ? tried : report!.ok ? [] : tried.slice(0, -1) };
}

async function dryRunOnce(doc: GraphDocument, deps: { catalog: Catalog; registry: ReadonlyMap<string, AnyNodeDefinition>; market: MarketDataService; sampleBars: number | null; timeoutMs?: number }): Promise<DryRunReport> {
  const coins = await deps.market.listCoins();
  const lastTs = new Map(coins.map((c) => [c.coin, c.lastTs]));
  const sample: DryRunReport['sample'] = {};
  const nodes = doc.nodes.map((n) => {
    if (n.type === 'data.load_candles' && deps.sampleBars !== null) {
      const list = Array.isArray(n.params.coins) ? (n.params.coins as string[]) : [];
      const toMs = typeof n.params.to === 'string' ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(n.params.to) ? `${n.params.to}T23:59:59Z` : n.params.to) : undefined;
      // The last `sampleBars` bars of every coin: from the earliest of their sample starts.
      const starts = list.map((c) => Math.min(toMs ?? Infinity, lastTs.get(c) ?? Infinity) - deps.sampleBars! * BAR_MS).filter(Number.isFinite);
      const given = typeof n.params.from === 'string' ? Date.parse(n.params.from) : Number.NaN;
      const from = starts.length ? new Date(Math.max(Math.min(...starts), Number.isNaN(given) ? -Infinity : given)).toISOString() : n.params.from;
      sample[n.id] = { from: String(from ?? 'start'), to: typeof n.params.to === 'string' ? n.params.to : null };
      return { ...n, params: { ...n.params, ...(from ? { from } : {}) } };
    }
    if (n.type === 'data.load_candles') sample[n.id] = { from: typeof n.params.from === 'string' ? n.params.from : 'start', to: typeof n.params.to === 'string' ? n.params.to : null };
    if (n.type.startsWith('approval.')) return { ...n, params: { ...n.params, mode: 'automatic' } };
    if (n.type === 'agent.react') return { ...n, params: { ...n.params, offline: 'fallback', lastBars: Math.max(500, deps.sampleBars ?? 3000) } };
    return n;
  });
  const memory = createMemoryServices();
  const services: NodeServices = {
    market: deps.market,
    artifacts: memory.artifacts,
    interactions: { ask: async (req) => ({ decision: req.defaultAction ?? 'approve', by: 'dry-run', reason: 'dry run' }) },
    llm: offlineLlm,
    now: () => Date.now(),
  };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`the dry run took longer than ${(deps.timeoutMs ?? 120_000) / 1000} s`)), deps.timeoutMs ?? 120_000);
  const started = Date.now();
  try {
    const result = await runGraph({
      graph: { ...doc, nodes },
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
      sample,
      durationMs: Date.now() - started,
      nodes: Object.fromEntries([...result.nodes].map(([id, r]) => [id, { status: r.status, ...(r.error ? { error: r.error } : {}) }])),
      error: result.error,
      retries: [],
    };
  } finally {
    clearTimeout(timer);
  }
}
