import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { timedProcess } from './timed-process';

/**
 * The product path of the pipeline benchmark: what a user types, as whole processes — the CLI on
 * the embedded database (`coinlab import` once, untimed in the comparison, then `coinlab run
 * template:peer-pipeline --no-cache --out DIR` in a fresh process), measured from exec to exit.
 */
export interface ProductRun {
  wall: number;
  rssMb: number;
  aucLr: number;
  aucRf: number;
}

export interface ProductPath {
  importSeconds: number;
  run(): Promise<ProductRun>;
  dispose(): void;
}

export async function prepareProductPath(root: string, files: string[]): Promise<ProductPath> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'coinlab-product-'));
  // The CLI as `pnpm coinlab` starts it (package.json: scripts/coinlab.mjs, which runs the
  // build in runtime/dist/), without pnpm's own start-up. The import below makes the build
  // when it is stale, so the timed runs find it made, as a user's second command does.
  const cli = [path.join(root, 'scripts/coinlab.mjs')];
  const env: NodeJS.ProcessEnv = { ...process.env, COINLAB_DATA_DIR: path.join(work, 'data') };
  delete env.DATABASE_URL;
  const imported = await timedProcess(process.execPath, [...cli, 'import', ...files], { cwd: root, env });
  let round = 0;
  return {
    importSeconds: imported.wall,
    async run() {
      const out = path.join(work, `out-${round++}`);
      const r = await timedProcess(process.execPath, [...cli, 'run', 'template:peer-pipeline', '--no-cache', '--out', out], { cwd: root, env });
      const auc = (nodeId: string): number => {
        const metrics = JSON.parse(readFileSync(path.join(out, 'nodes', nodeId, 'metrics.json'), 'utf8')) as { metrics: { auc: number } };
        return metrics.metrics.auc;
      };
      const result = { wall: r.wall, rssMb: r.rssMb, aucLr: auc('eval_lr'), aucRf: auc('eval_rf') };
      rmSync(out, { recursive: true, force: true });
      return result;
    },
    dispose: () => rmSync(work, { recursive: true, force: true }),
  };
}
