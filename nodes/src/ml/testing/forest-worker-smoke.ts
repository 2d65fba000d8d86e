/**
 * Run by forest/workers.test.ts through the tsx CLI (as `pnpm coinlab` runs the product)
 * to prove that the worker threads load the TypeScript tree builder there too. Prints one
 * JSON line.
 */
import { fitRandomForestClassifier, predictProbaForest } from '../forest/random-forest';
import { forestPoolStats, terminateForestWorkers } from '../forest/worker-pool';
import { matrixFromColumns } from '../matrix';
import { createRng } from '../random';

const rng = createRng(11);
const n = 2000;
const a = Array.from({ length: n }, () => rng.next());
const b = Array.from({ length: n }, () => rng.next());
const y = a.map((v, i) => (v + 0.5 * (b[i] as number) + 0.3 * rng.next() > 1 ? 1 : 0));
const X = matrixFromColumns([
  { name: 'a', values: a },
  { name: 'b', values: b },
]);
const inThread = await fitRandomForestClassifier(X, y, { nTrees: 16, maxDepth: 6, workers: 1 });
const threaded = await fitRandomForestClassifier(X, y, { nTrees: 16, maxDepth: 6, workers: 2 });
const p1 = predictProbaForest(inThread, X);
const p2 = predictProbaForest(threaded, X);
const identical = p1.every((v, i) => v === p2[i]);
console.log(JSON.stringify({ identical, ...forestPoolStats() }));
await terminateForestWorkers();
