/**
 * `pnpm bench:pipeline`: the pandas + scikit-learn script a user would otherwise write
 * (../shared/bench/peer_pipeline.py) against coinlab's templates/peer-pipeline.graph.json,
 * on the same files (../shared/data/market/*-5m.json), in one run, two ways:
 *  - engine: the graph through coinlab's engine in memory, without the database (a child of
 *    this script, timed from before its imports);
 *  - product: what a user types — `pnpm coinlab run template:peer-pipeline --no-cache`, a
 *    fresh CLI process (scripts/coinlab.mjs, as `pnpm coinlab` starts it: the CLI's build,
 *    made by the untimed import beforehand) on the embedded database (candles imported once
 *    beforehand), timed as a whole process with its peak RSS, against the peer timed the same
 *    way (GNU time). Like the peer it prints its metrics and writes no data files; the same
 *    command with `--out DIR` (every node output as JSON, ~50 MB, and the artifacts) is timed
 *    too and reported on its own line, outside the ratio.
 * coinlab's random forest is histogram-based (<= 255 quantile bins per feature); the peer's is
 * scikit-learn's RandomForestClassifier (exact splits).
 *
 * Both sides are timed the same way, in their own fresh process, from before their
 * libraries are imported to the last metric: the peer reports `seconds.total` itself
 * (pandas/numpy/sklearn imports, JSON loading, features, both models, metrics); coinlab is
 * timed by a child process of this script (`--coinlab-child`) from before it imports the
 * engine and the nodes, through reading the files, to the end of the graph run. Interpreter
 * start-up (python, node + tsx) is outside both. Each side runs BENCH_RUNS times (default
 * 5, alternating: on a shared two-core machine single runs of either side vary by ±15%) and
 * the medians are compared. The last line is
 *   ratio=<engine/peer> auc_lr=.. auc_rf=.. peer_auc_lr=.. peer_auc_rf=.. ratio_product=<product
 *   process wall / peer process wall> rss_mb=<product peak RSS> peer_rss_mb=<peer peak RSS>
 */
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { prepareProductPath, type ProductRun } from './product-path';
import { hasGnuTime, timedProcess } from './timed-process';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const SHARED = path.resolve(ROOT, '../shared');
const MARKET = path.join(SHARED, 'data/market');
const PEER = path.join(SHARED, 'bench/peer_pipeline.py');
const PYTHON = '/usr/bin/python3';
const TEMPLATE = path.join(ROOT, 'templates/peer-pipeline.graph.json');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

interface SideResult {
  seconds: number;
  aucLr: number;
  aucRf: number;
  rowsTrain?: number;
  rowsTest?: number;
  stages: Record<string, number>;
}

/** The part of the engine this script uses (imported by path: nodes must not depend on runtime). */
interface EngineModule {
  RunEventEmitter: new (runId: string) => { on(listener: (e: { kind: string; nodeId?: string; durationMs?: number }) => void): () => void };
  noCache: unknown;
  runGraph(opts: Record<string, unknown>): Promise<{ status: string; error: string | null; nodes: Map<string, { status: string; outputs?: Record<string, unknown> }> }>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Child mode: one timed coinlab run, its result as JSON on stdout. */
async function coinlabChild(files: string[]): Promise<void> {
  const t0 = performance.now();
  const [engine, nodes, testing, offline, shared] = await Promise.all([
    import(pathToFileURL(path.join(ROOT, 'runtime/src/engine/index.ts')).href) as Promise<EngineModule>,
    import('../src/index.ts'),
    import('../src/testing/index.ts'),
    import('../src/offline/index.ts'),
    import('@coinlab/shared'),
  ]);
  const tImport = performance.now();
  const services = offline.createMemoryServices({ candles: files.map((f) => testing.readMarketFile(f)) });
  const tLoad = performance.now();
  const graph: unknown = JSON.parse(readFileSync(TEMPLATE, 'utf8'));
  const emitter = new engine.RunEventEmitter('bench');
  const stages: Record<string, number> = {};
  emitter.on((e) => {
    if (e.kind === 'node.succeeded' && e.nodeId && e.durationMs !== undefined) stages[e.nodeId] = e.durationMs / 1000;
  });
  const result = await engine.runGraph({ graph, catalog: nodes.catalog, registry: nodes.nodeRegistry(), emitter, cache: engine.noCache, services: () => services, concurrency: 4 });
  const tEnd = performance.now();
  if (result.status !== 'succeeded') throw new Error(`the peer-pipeline graph ${result.status}: ${result.error}`);
  const auc = (id: string): number => {
    const m = result.nodes.get(id)?.outputs?.metrics as { metrics: Record<string, number>; testRows: number } | undefined;
    if (!m) throw new Error(`no metrics from node ${id}`);
    return m.metrics.auc!;
  };
  const split = result.nodes.get('split')?.outputs?.splits as { folds: { train: { start: number; end: number }[]; test: { start: number; end: number }[] }[] } | undefined;
  const testRows = (result.nodes.get('eval_lr')?.outputs?.metrics as { testRows: number } | undefined)?.testRows;
  const out: SideResult = {
    seconds: (tEnd - t0) / 1000,
    aucLr: auc('eval_lr'),
    aucRf: auc('eval_rf'),
    rowsTest: testRows,
    rowsTrain: split?.folds[0]?.train.reduce((n, r) => n + r.end - r.start, 0),
    stages: { import: (tImport - t0) / 1000, load: (tLoad - tImport) / 1000, ...stages, run: (tEnd - tLoad) / 1000, total: (tEnd - t0) / 1000 },
  };
  process.stdout.write(shared.encodeValue(out));
  process.exit(0);
}

async function runCoinlab(files: string[]): Promise<SideResult> {
  const { stdout } = await promisify(execFile)(TSX, [fileURLToPath(import.meta.url), '--coinlab-child', ...files], { cwd: ROOT, maxBuffer: 16 << 20 });
  return JSON.parse(stdout) as SideResult;
}

async function runPeer(files: string[]): Promise<SideResult & { wall: number; rssMb: number }> {
  const { stdout, wall, rssMb } = await timedProcess(PYTHON, [PEER, ...files]);
  const r = JSON.parse(stdout) as { rows_train: number; rows_test: number; seconds: Record<string, number>; logistic_regression: { auc: number }; random_forest: { auc: number } };
  return { seconds: r.seconds.total!, wall, rssMb, aucLr: r.logistic_regression.auc, aucRf: r.random_forest.auc, rowsTrain: r.rows_train, rowsTest: r.rows_test, stages: r.seconds };
}

function checkPeerPrerequisites(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import numpy, pandas, sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.error(`${PYTHON} cannot import numpy, pandas and scikit-learn:\n${probe.stderr || probe.error?.message}`);
    console.error('Install them from Debian/Ubuntu packages:  sudo apt-get install -y python3-sklearn python3-pandas');
    process.exit(2);
  }
  console.log(`peer: ${PEER} (python3 scikit-learn ${probe.stdout.trim()})`);
}

const fmt = (s: number) => `${s.toFixed(3)} s`;
const stageLine = (stages: Record<string, number>) =>
  Object.entries(stages)
    .map(([k, v]) => `${k} ${v.toFixed(3)}`)
    .join(', ');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--coinlab-child') return coinlabChild(argv.slice(1));
  const files = readdirSync(MARKET).filter((f) => /-5m\.json$/.test(f)).sort().map((f) => path.join(MARKET, f));
  if (files.length === 0) throw new Error(`no *-5m.json files in ${MARKET}`);
  checkPeerPrerequisites();
  if (!hasGnuTime()) {
    console.error('/usr/bin/time (GNU time) is needed to measure whole processes: apt-get install -y time');
    process.exit(2);
  }
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
  console.log(`files (${files.length}): ${files.map((f) => path.basename(f)).join(' ')}`);
  console.log(`runs per side: ${runs} (median), each in a fresh process\n`);
  const product = await prepareProductPath(ROOT, files);
  console.log(`product path: candles imported once with \`coinlab import\` (${fmt(product.importSeconds)}, not in the comparison)`);
  const peer: Awaited<ReturnType<typeof runPeer>>[] = [];
  const coinlab: SideResult[] = [];
  const products: ProductRun[] = [];
  const withOut: ProductRun[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      peer.push(await runPeer(files));
      coinlab.push(await runCoinlab(files));
      products.push(await product.run());
      withOut.push(await product.runWithOut());
      const pr = products[i]!;
      const po = withOut[i]!;
      console.log(`run ${i + 1}: peer ${fmt(peer[i]!.seconds)} (process ${fmt(peer[i]!.wall)}, ${peer[i]!.rssMb.toFixed(0)} MB), engine ${fmt(coinlab[i]!.seconds)}, product process ${fmt(pr.wall)} (${pr.rssMb.toFixed(0)} MB), with --out ${fmt(po.wall)} (${po.rssMb.toFixed(0)} MB)`);
    }
  } finally {
    product.dispose();
  }
  const p = peer[peer.length - 1]!;
  const c = coinlab[coinlab.length - 1]!;
  const peerTime = median(peer.map((r) => r.seconds));
  const coinlabTime = median(coinlab.map((r) => r.seconds));
  console.log(`\npeer (pandas + scikit-learn): ${fmt(peerTime)} median; train rows ${p.rowsTrain}, test rows ${p.rowsTest}`);
  console.log(`  stages (last run, s): ${stageLine(p.stages)}`);
  console.log(`  AUC: logistic regression ${p.aucLr.toFixed(4)}, random forest ${p.aucRf.toFixed(4)}`);
  console.log(`  process (whole, GNU time): ${fmt(median(peer.map((r) => r.wall)))} median wall, ${median(peer.map((r) => r.rssMb)).toFixed(0)} MB peak RSS`);
  console.log(`coinlab engine (in memory, no database; histogram random forest; files loaded included): ${fmt(coinlabTime)} median; train rows ${c.rowsTrain}, test rows ${c.rowsTest}`);
  console.log(`  stages (last run, s): ${stageLine(c.stages)}`);
  console.log(`  AUC: logistic regression ${c.aucLr.toFixed(4)}, random forest (histogram) ${c.aucRf.toFixed(4)}`);
  const productWall = median(products.map((r) => r.wall));
  const productRss = median(products.map((r) => r.rssMb));
  const peerWall = median(peer.map((r) => r.wall));
  const peerRss = median(peer.map((r) => r.rssMb));
  const last = products[products.length - 1]!;
  const lastOut = withOut[withOut.length - 1]!;
  console.log(`coinlab product path (\`coinlab run template:peer-pipeline --no-cache\`, fresh process, embedded database): ${fmt(productWall)} median wall, ${productRss.toFixed(0)} MB peak RSS`);
  console.log(`  AUC as printed: logistic regression ${last.aucLr.toFixed(4)}, random forest (histogram) ${last.aucRf.toFixed(4)}`);
  console.log(`  with --out DIR (also writes every node output as JSON and the artifacts; not in the ratio): ${fmt(median(withOut.map((r) => r.wall)))} median wall, ${median(withOut.map((r) => r.rssMb)).toFixed(0)} MB peak RSS; AUC from metrics.json: ${lastOut.aucLr.toFixed(6)}, ${lastOut.aucRf.toFixed(6)}`);
  // Both of coinlab's paths must agree with the peer: the engine's and the product's (full precision, from --out).
  const dLr = Math.max(Math.abs(c.aucLr - p.aucLr), Math.abs(lastOut.aucLr - p.aucLr));
  const dRf = Math.max(Math.abs(c.aucRf - p.aucRf), Math.abs(lastOut.aucRf - p.aucRf));
  const ratio = coinlabTime / peerTime;
  const ratioProduct = productWall / peerWall;
  const rssRatio = productRss / peerRss;
  console.log(`\ntargets: engine ratio <= 1.0 ${ratio <= 1 ? 'met' : 'MISSED'}; product ratio <= 0.5 ${ratioProduct <= 0.5 ? 'met' : 'MISSED'} (${ratioProduct.toFixed(3)}); product RSS <= 2.5x peer ${rssRatio <= 2.5 ? 'met' : 'MISSED'} (${rssRatio.toFixed(2)}x); |AUC difference| <= 0.01: LR ${dLr.toFixed(4)} ${dLr <= 0.01 ? 'met' : 'MISSED'}, RF ${dRf.toFixed(4)} ${dRf <= 0.01 ? 'met' : 'MISSED'}`);
  console.log(`ratio=${ratio.toFixed(3)} auc_lr=${c.aucLr.toFixed(4)} auc_rf=${c.aucRf.toFixed(4)} peer_auc_lr=${p.aucLr.toFixed(4)} peer_auc_rf=${p.aucRf.toFixed(4)} ratio_product=${ratioProduct.toFixed(3)} rss_mb=${productRss.toFixed(0)} peer_rss_mb=${peerRss.toFixed(0)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
