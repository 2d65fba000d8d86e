/**
 * The research loop on the real market data in ../shared/data: the offline optimizer (TPE)
 * against random search with the same number of iterations and the same seeds, then the time
 * per iteration when the content cache answers the unchanged upstream nodes, against the same
 * iterations without the cache.
 *
 * Graph: templates/backtest-quality-gate (load, features, target, random forest, backtest,
 * quality gate). Search: the backtest's score threshold and minimum hold (the forest's inputs
 * do not change, so every iteration after the first gets load..predict from the cache).
 * Objective: mean Sharpe over 2 walk-forward windows of 2018-01-10..2018-01-23; the holdout
 * (2018-01-24..30) only decides promotions. Each iteration is an ordinary run through the
 * run manager and the embedded database, driven with a fixed clock.
 *
 * Figures: median (over the seeds) of the best objective after ITERATIONS iterations; median
 * iterations to reach the target (the 90th percentile of every objective either method saw;
 * ITERATIONS + 1 when not reached); median ms per iteration with and without the cache.
 * Run: pnpm bench:research   (BENCH_SEEDS=5 BENCH_ITERATIONS=15 by default)
 * Last line: iter_ms= iter_ms_nocache= best_opt= best_random=
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createRuntime } from '../src/runtime';
import { LOCAL_USER_ID } from '../src/db/repos/users';
import { importCandles, parseCandleFile } from '../src/market';
import { repoRoot } from '../src/repo-root';
import { ExperimentService } from '../src/experiments/service';
import { experimentCreateSchema } from '@coinlab/shared';
import { evaluateWindows } from '../src/experiments/evaluate';
import { searchWindows } from '../src/experiments/windows';
import { toOverrides, type Candidate } from '../src/experiments/space';

const SEEDS = Number(process.env.BENCH_SEEDS ?? 5);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 15);
const NOCACHE_SAMPLES = Number(process.env.BENCH_NOCACHE ?? 3);
const ROOT = repoRoot();
const MARKET = path.join(ROOT, '../shared/data/market');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, d = 4) => Number(x.toFixed(d));

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-bench-research-'));
  const runtime = await createRuntime({ dataDir, resumeRuns: false });
  let clock = new Date('2026-01-01T00:00:00Z');
  const svc = new ExperimentService({ store: runtime.store, manager: runtime.manager, catalog: runtime.catalog, now: () => clock });
  try {
    const template = JSON.parse(readFileSync(path.join(ROOT, 'templates/backtest-quality-gate.graph.json'), 'utf8')) as { nodes: { id: string; params: Record<string, unknown> }[] };
    const coins = (template.nodes.find((n) => n.id === 'load')!.params.coins as string[]) ?? [];
    for (const f of readdirSync(MARKET).filter((x) => x.endsWith('-5m.json'))) {
      const coin = f.replace(/-5m\.json$/, '');
      if (!coins.includes(coin)) continue;
      await importCandles(runtime.store, coin, parseCandleFile(readFileSync(path.join(MARKET, f), 'utf8'), f).rows);
    }
    const graph = await runtime.store.graphs.create({ ownerId: runtime.ownerId, name: 'bench research', document: template });
    const spec = (proposer: 'tpe' | 'random', seed: number) =>
      experimentCreateSchema.parse({
        name: `${proposer} seed ${seed}`,
        graphId: graph.id,
        searchSpace: [
          { node: 'backtest', param: 'threshold', type: 'float', min: 0.5, max: 0.95 },
          { node: 'backtest', param: 'minHoldBars', type: 'int', min: 0, max: 48, step: 4 },
        ],
        objective: { node: 'backtest', metric: 'sharpe', direction: 'maximize' },
        evaluation: { dataNode: 'load', from: '2018-01-10', holdoutFrom: '2018-01-24', to: '2018-01-30', folds: 2 },
        stopRules: { maxIterations: ITERATIONS, minImprovement: 0 },
        limits: { maxIterationsPerDay: 100_000, cooldownSeconds: 0 },
        autoApprove: { enabled: true },
        proposer,
        seed,
      });
    const curves: Record<'tpe' | 'random', number[][]> = { tpe: [], random: [] };
    const all: number[] = [];
    const durations: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      for (const proposer of ['tpe', 'random'] as const) {
        const created = await svc.create(LOCAL_USER_ID, spec(proposer, seed));
        if (!created.ok) throw new Error(`${created.path}: ${created.message}`);
        const id = created.experiment.id;
        for (let i = 0; i < ITERATIONS; i++) {
          clock = new Date(clock.getTime() + 1000);
          const o = await svc.step(id, clock);
          if (o.kind !== 'iterated') break;
        }
        const its = await svc.iterations(id);
        const values = its.map((i) => (i.status === 'succeeded' ? i.objective! : -Infinity));
        all.push(...values.filter(Number.isFinite));
        let best = -Infinity;
        curves[proposer].push(values.map((v) => (best = Math.max(best, v))));
        // The first iteration of the first experiment filled the cache; every other one is a cache-hit iteration.
        durations.push(...its.filter((i) => !(seed === 1 && proposer === 'tpe' && i.seq === 1)).map((i) => i.durationMs ?? 0));
        process.stderr.write(`${proposer} seed ${seed}: best ${round(best)} after ${its.length} iterations\n`);
      }
    }
    const target = [...all].sort((a, b) => a - b)[Math.floor(0.9 * (all.length - 1))]!;
    const reach = (curve: number[]) => {
      const i = curve.findIndex((b) => b >= target);
      return i < 0 ? ITERATIONS + 1 : i + 1;
    };
    // Without the cache: the same kind of iteration, every node executed.
    const e = (await svc.list(LOCAL_USER_ID))[0]!;
    const s = svc.specOf(e);
    const document = (await runtime.store.graphs.getVersion(graph.id, 1))!.document;
    const noCacheMs: number[] = [];
    for (let i = 0; i < NOCACHE_SAMPLES; i++) {
      const c: Candidate = { 'backtest.threshold': 0.6 + i * 0.05, 'backtest.minHoldBars': 12 };
      const t0 = performance.now();
      const r = await evaluateWindows({ store: runtime.store, manager: runtime.manager, ownerId: runtime.ownerId }, { document, graphId: graph.id, graphVersion: 1, trigger: 'bench no-cache', overrides: toOverrides(s.searchSpace, c), objective: s.objective, evaluation: s.evaluation, windows: searchWindows(s.evaluation), noCache: true });
      if (r.error) throw new Error(r.error);
      noCacheMs.push(performance.now() - t0);
    }
    const bestOpt = median(curves.tpe.map((c) => c.at(-1)!));
    const bestRandom = median(curves.random.map((c) => c.at(-1)!));
    const iterMs = median(durations);
    const iterMsNoCache = median(noCacheMs);
    console.log(`research loop on ${coins.join(', ')} 5m candles, ${SEEDS} seeds x ${ITERATIONS} iterations, objective: mean Sharpe over ${searchWindows(s.evaluation).length} walk-forward windows`);
    console.log(`  best objective (median over seeds): TPE ${round(bestOpt)}, random ${round(bestRandom)}`);
    console.log(`  per seed: TPE ${curves.tpe.map((c) => round(c.at(-1)!, 3)).join(' ')} | random ${curves.random.map((c) => round(c.at(-1)!, 3)).join(' ')}`);
    console.log(`  iterations to reach ${round(target)} (90th percentile of all objectives; ${ITERATIONS + 1} = never): TPE median ${median(curves.tpe.map(reach))}, random median ${median(curves.random.map(reach))}`);
    console.log(`  ms per iteration: ${round(iterMs, 1)} with the cache (upstream nodes answered by it), ${round(iterMsNoCache, 1)} without (${NOCACHE_SAMPLES} samples)`);
    console.log(`iter_ms=${round(iterMs, 1)} iter_ms_nocache=${round(iterMsNoCache, 1)} best_opt=${round(bestOpt)} best_random=${round(bestRandom)}`);
  } finally {
    await svc.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
