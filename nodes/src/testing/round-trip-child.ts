/**
 * Child process of the round-trip test (train/train.test.ts): a fresh process that knows only a
 * saved model artifact (a file) and the market data, loads the model by artifact id (Load model
 * node) and scores the test rows with the Predict node and prints its scores as JSON on stdout.
 * Usage: tsx round-trip-child.ts <model.json> <rows>
 * (Nodes are taken from the registry: under tsx a direct `./x.node` import outside the
 * registry can be mistaken for a native addon.)
 */
import { readFileSync } from 'node:fs';
import { nodeRegistry } from '../registry';
import type { ModelValue, PredictionsValue, SplitsValue } from '../port-values';
import { createMemoryServices } from '../offline/memory-services';
import { marketFiles, readMarketFile } from './market-files';
import { exampleDataset } from '../split/example-dataset';

async function main(): Promise<void> {
  const [file, rows] = process.argv.slice(2);
  const services = createMemoryServices();
  const registry = nodeRegistry();
  const run = async (type: string, params: Record<string, unknown>, inputs: Record<string, unknown>) => {
    const def = registry.get(type)!;
    return def.execute({ params: def.params.parse(params), inputs, services, signal: new AbortController().signal, progress: () => {}, log: () => {}, nodeId: type, runId: 'child' });
  };
  const ref = await services.artifacts.save({ kind: 'model', name: 'model.json', contentType: 'application/json', content: readFileSync(file!, 'utf8') });
  // The same candles as sampleCandles() in the parent (port-fixtures is not imported here:
  // it pulls node files straight in, see above).
  const n = Number(rows);
  const groups = marketFiles()
    .filter((f) => /(ETH_BTC|LTC_BTC)-/.test(f))
    .map(readMarketFile)
    .map((c) => ({ coin: c.coin, ts: c.ts.slice(0, n), columns: { open: c.open.slice(0, n), high: c.high.slice(0, n), low: c.low.slice(0, n), close: c.close.slice(0, n), volume: c.volume.slice(0, n) }, gaps: { missingBars: 0, largest: null } }));
  const dataset = exampleDataset({ kind: 'candles', barMinutes: 5, groups });
  const { splits } = (await run('split.train_test', {}, { dataset })) as { splits: SplitsValue };
  const { model } = (await run('train.load_model', { artifactId: ref.id }, {})) as { model: ModelValue };
  const { predictions } = (await run('train.predict', {}, { model, splits })) as { predictions: PredictionsValue };
  process.stdout.write(JSON.stringify(predictions.groups.map((g) => ({ coin: g.coin, ts: g.ts, score: g.columns.score }))));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
