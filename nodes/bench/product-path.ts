import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { timedProcess } from './timed-process';

/**
 * The product path of the pipeline benchmark: what a user types, as whole processes — the CLI on
 * the embedded database (`coinlab import` once, untimed in the comparison), then in a fresh
 * process each time, measured from exec to exit:
 *  - `coinlab run template:peer-pipeline --no-cache`: the command the comparison is about. Like
 *    the peer, it computes and prints the metrics and writes no data files; the AUCs are read
 *    from what it prints (4 decimals, as a user reads them).
 *  - the same with `--out DIR`, which also writes every node output as JSON (~50 MB) and the
 *    artifacts: reported on its own line, and its metrics.json gives the AUCs at full precision.
 */
export interface ProductRun {
  wall: number;
  rssMb: number;
  aucLr: number;
  aucRf: number;
}

export interface ProductPath {
  importSeconds: number;
  /** `coinlab run template:peer-pipeline --no-cache`. */
  run(): Promise<ProductRun>;
  /** The same with `--out DIR`. */
  runWithOut(): Promise<ProductRun>;
  dispose(): void;
}

const TEMPLATE = 'peer-pipeline';
const EVAL_NODES = { lr: 'eval_lr', rf: 'eval_rf' } as const;

export async function prepareProductPath(root: string, files: string[]): Promise<ProductPath> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'coinlab-product-'));
  // The CLI as `pnpm coinlab` starts it (package.json: scripts/coinlab.mjs, which runs the
  // build in runtime/dist/), without pnpm's own start-up. The import below makes the build
  // when it is stale, so the timed runs find it made, as a user's second command does.
  const cli = [path.join(root, 'scripts/coinlab.mjs')];
  const env: NodeJS.ProcessEnv = { ...process.env, COINLAB_DATA_DIR: path.join(work, 'data') };
  delete env.DATABASE_URL;
  const imported = await timedProcess(process.execPath, [...cli, 'import', ...files], { cwd: root, env });
  const labels = evalLabels(root);
  const runArgs = [...cli, 'run', `template:${TEMPLATE}`, '--no-cache'];
  let round = 0;
  return {
    importSeconds: imported.wall,
    async run() {
      const r = await timedProcess(process.execPath, runArgs, { cwd: root, env });
      return { wall: r.wall, rssMb: r.rssMb, aucLr: printedAuc(r.stdout, labels.lr), aucRf: printedAuc(r.stdout, labels.rf) };
    },
    async runWithOut() {
      const out = path.join(work, `out-${round++}`);
      const r = await timedProcess(process.execPath, [...runArgs, '--out', out], { cwd: root, env });
      const auc = (nodeId: string): number => {
        const metrics = JSON.parse(readFileSync(path.join(out, 'nodes', nodeId, 'metrics.json'), 'utf8')) as { metrics: { auc: number } };
        return metrics.metrics.auc;
      };
      const result = { wall: r.wall, rssMb: r.rssMb, aucLr: auc(EVAL_NODES.lr), aucRf: auc(EVAL_NODES.rf) };
      rmSync(out, { recursive: true, force: true });
      return result;
    },
    dispose: () => rmSync(work, { recursive: true, force: true }),
  };
}

/** The labels the CLI prints the two metrics nodes under (the template's own). */
function evalLabels(root: string): { lr: string; rf: string } {
  const graph = JSON.parse(readFileSync(path.join(root, 'templates', `${TEMPLATE}.graph.json`), 'utf8')) as { nodes: { id: string; label?: string }[] };
  const label = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
  return { lr: label(EVAL_NODES.lr), rf: label(EVAL_NODES.rf) };
}

/** The AUC in the result line `<label>: auc 0.6728, …` the CLI prints for a metrics node. */
export function printedAuc(stdout: string, label: string): number {
  const line = stdout.split('\n').find((l) => l.trimStart().startsWith(`${label}: `));
  const auc = line && /\bauc (\d+(?:\.\d+)?)/.exec(line)?.[1];
  if (!auc) throw new Error(`the CLI printed no AUC for "${label}":\n${stdout.slice(-2000)}`);
  return Number(auc);
}
