/**
 * Timings and AUCs of the ML core on the benchmark pipeline's data, next to scikit-learn
 * on the same matrices and next to the peer script itself:
 *
 *   pnpm tsx nodes/src/ml/perf.manual.ts
 *
 * Data: ../shared/bench/peer_pipeline.py's 12 features and target on all 7 five-minute
 * files (80/20 chronological split per pair, ~28k training rows). Not a test (timings
 * depend on the machine and its load); prints a table and one summary line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitRandomForestClassifier, predictProbaForest } from './forest/random-forest';
import { terminateForestWorkers } from './forest/worker-pool';
import { fitLogisticRegression, predictProbaLogistic } from './logistic-regression';
import { rocAuc } from './metrics/ranking';
import { modelFromJSON, modelToJSON } from './model-json';
import { MARKET_DIR } from './testing/market-features';
import { marketFiles, peerDataset } from './testing/peer-pipeline-data';

const python = '/usr/bin/python3';
const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const ms = (t0: number): number => performance.now() - t0;
const rows: [string, string, string][] = [];
const row = (what: string, seconds: number, auc?: number): void => {
  rows.push([what, `${seconds.toFixed(3)} s`, auc === undefined ? '' : auc.toFixed(4)]);
};

const files = marketFiles(MARKET_DIR);
let t = performance.now();
const d = peerDataset(files);
row(`features (${d.train.rows} train / ${d.test.rows} test rows × ${d.train.cols})`, ms(t) / 1000);

t = performance.now();
const lr = fitLogisticRegression(d.train, d.yTrain);
const lrFit = ms(t) / 1000;
const aucLr = rocAuc(d.yTest, predictProbaLogistic(lr, d.test));
row(`logistic regression fit (${lr.fit.iterations} Newton steps, first call)`, lrFit, aucLr);

const threads = Math.min(2, availableParallelism());
t = performance.now();
const rf = await fitRandomForestClassifier(d.train, d.yTrain, { nTrees: 100, maxDepth: 10, seed: 0, workers: threads });
const rfCold = ms(t) / 1000;
t = performance.now();
const pRf = predictProbaForest(rf, d.test);
const rfPredict = ms(t) / 1000;
const aucRf = rocAuc(d.yTest, pRf);
row(`random forest fit, 100 trees depth 10, ${threads} threads (first fit: starts the workers)`, rfCold, aucRf);
/** Best of three wall times, and the CPU time (all threads) of that run. */
async function bestOf3(fit: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  let best = { wall: Infinity, cpu: 0 };
  for (let k = 0; k < 3; k++) {
    const c = process.cpuUsage();
    const t0 = performance.now();
    await fit();
    const wall = ms(t0) / 1000;
    const u = process.cpuUsage(c);
    if (wall < best.wall) best = { wall, cpu: (u.user + u.system) / 1e6 };
  }
  return best;
}
const warm = await bestOf3(() => fitRandomForestClassifier(d.train, d.yTrain, { nTrees: 100, maxDepth: 10, seed: 0, workers: threads }));
row(`random forest fit, workers warm (best of 3; CPU ${warm.cpu.toFixed(2)} s)`, warm.wall);
const single = await bestOf3(() => fitRandomForestClassifier(d.train, d.yTrain, { nTrees: 100, maxDepth: 10, seed: 0, workers: 1 }));
row(`random forest fit, 1 thread (best of 3; CPU ${single.cpu.toFixed(2)} s)`, single.wall);
const lrBest = await bestOf3(async () => fitLogisticRegression(d.train, d.yTrain));
row('logistic regression fit, warm (best of 3)', lrBest.wall);
row('random forest predict (test rows)', rfPredict);
t = performance.now();
const text = JSON.stringify(modelToJSON(rf));
const back = modelFromJSON(text);
row(`random forest JSON round trip (${(text.length / 1e6).toFixed(1)} MB)`, ms(t) / 1000);
if (back.kind !== 'random_forest_classifier' || !predictProbaForest(back, d.test).every((v, i) => v === pRf[i])) {
  throw new Error('round trip changed the predictions');
}
await terminateForestWorkers();

// scikit-learn on the very same matrices.
const dir = mkdtempSync(join(tmpdir(), 'coinlab-ml-'));
interface SklearnRun { lr_seconds: number; lr_auc: number; rf_seconds: number; rf_predict_seconds: number; rf_auc: number }
interface PeerRun { logistic_regression: { auc: number }; random_forest: { auc: number }; seconds: Record<string, number> }
let sk: SklearnRun | null = null;
let peer: PeerRun | null = null;
try {
  const write = (name: string, a: Float64Array): void => writeFileSync(join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  write('Xtr.f64', d.train.data);
  write('ytr.f64', d.yTrain);
  write('Xte.f64', d.test.data);
  write('yte.f64', d.yTest);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ rows_train: d.train.rows, rows_test: d.test.rows, cols: d.train.cols }));
  sk = JSON.parse(execFileSync(python, [here('../../reference/sklearn_bench.py'), dir], { encoding: 'utf8' })) as SklearnRun;
  peer = JSON.parse(execFileSync(python, [here('../../../../shared/bench/peer_pipeline.py'), ...files], { encoding: 'utf8' })) as PeerRun;
} catch (error) {
  console.warn(`scikit-learn comparison skipped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (sk) {
  row('sklearn LogisticRegression (same matrices)', sk.lr_seconds, sk.lr_auc);
  row('sklearn RandomForestClassifier n_jobs=-1 (same matrices)', sk.rf_seconds, sk.rf_auc);
  row('sklearn RandomForest predict', sk.rf_predict_seconds);
}
if (peer) {
  row('peer_pipeline.py LR (its own pandas features)', peer.seconds.train_lr ?? NaN, peer.logistic_regression.auc);
  row('peer_pipeline.py RF (its own pandas features)', peer.seconds.train_rf ?? NaN, peer.random_forest.auc);
}

const { loadavg } = await import('node:os');
console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((v) => v.toFixed(2)).join(' ')} (other processes share the cores)`);
const width = Math.max(...rows.map((r) => r[0].length));
for (const [what, time, auc] of rows) console.log(`${what.padEnd(width)}  ${time.padStart(9)}  ${auc}`);
console.log(
  `lr_fit_s=${lrFit.toFixed(3)} rf_fit_s=${rfCold.toFixed(3)} auc_lr=${aucLr.toFixed(4)} auc_rf=${aucRf.toFixed(4)}` +
    (sk ? ` sk_lr_s=${sk.lr_seconds.toFixed(3)} sk_rf_s=${sk.rf_seconds.toFixed(3)} sk_auc_lr=${sk.lr_auc.toFixed(4)} sk_auc_rf=${sk.rf_auc.toFixed(4)}` : ''),
);
