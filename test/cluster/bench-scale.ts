/**
 * bench:scale — runs per minute of a realistic template with 1, 2 and 4 worker processes, and
 * the delay of live events to a client on another API instance than the one accepting runs.
 *
 * PostgreSQL only: a fresh database on BENCH_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres), the seven 5-minute candle files of
 * ../shared/data/market imported with `coinlab import`, then for each worker count: two APIs
 * (`serve --no-worker`: A accepts runs, B serves the socket client) and N `coinlab worker`
 * processes. The template is moving-averages (load 7 pairs, SMA 20, EMA 50, summary report),
 * started with noCache so that every run computes. A closed loop keeps BENCH_IN_FLIGHT runs
 * submitted (queued or executing) for BENCH_SECONDS; runs per minute counts the runs that
 * finished inside that window. p99 is over every event the client on B received, from the
 * event's ts (stamped by the worker) to its arrival.
 *
 * Run: pnpm bench:scale   (BENCH_SECONDS=40, BENCH_IN_FLIGHT=16, BENCH_WORKER_CONCURRENCY=2,
 * BENCH_WORKERS=1,2,4; COINLAB_CLUSTER_MODE=single measures one `coinlab serve` instead)
 * Last line: runs_per_min_1=… runs_per_min_2=… runs_per_min_4=… p99_ms=…
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createScratchDatabase } from '../../runtime/src/db/scratch-database';
import { market5mFiles, REPO_ROOT } from '../support/paths';
import { postRun } from './http';
import { Cluster } from './cluster';
import { runCoinlab } from './processes';
import { StreamClient } from './stream-client';
import { connectionCount, statusCounts } from './verify';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 40);
const WARMUP_SECONDS = 5;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);
const WORKER_CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 2);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const single = process.env.COINLAB_CLUSTER_MODE === 'single';
const RUN_TIMEOUT_MS = 120_000;

const template = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/moving-averages.graph.json'), 'utf8')) as Record<string, unknown>;
const log = (line: string) => console.log(line);

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

interface Phase {
  workers: number;
  runsPerMin: number;
  lags: number[];
  failed: number;
  gaps: number;
  /** Runs that did not end within RUN_TIMEOUT_MS. */
  stuck: number;
  /** Processes that exited by themselves. */
  deaths: number;
  peakConnections: number;
}

async function phase(databaseUrl: string, workers: number): Promise<Phase> {
  const cluster = await Cluster.start({ databaseUrl, apis: 2, workers, workerConcurrency: WORKER_CONCURRENCY, mode: single ? 'single' : 'split', onDeath: (r) => log(`  !! ${r}`) });
  const [a, b] = [cluster.urls[0]!, cluster.urls.at(-1)!];
  // The client is on B only (no failover list): it measures the cross-instance path.
  const client = new StreamClient({ urls: [b], first: 0, name: 'bench-client', keepLags: true, keepEvents: false });
  await client.connect();
  const lags: number[] = [];
  let failed = 0;
  let gaps = 0;
  const finishedAt: number[] = [];
  let stop = false;
  let errors = 0;
  const stuck: string[] = [];
  const t0 = Date.now();
  const slot = async (k: number) => {
    for (let r = 0; !stop; r++) {
      let runId: string;
      try {
        runId = (await postRun([a], 0, { document: template, trigger: `bench ${workers}w ${k}.${r}`, noCache: true })).runId;
      } catch (err) {
        if (++errors <= 3) log(`  POST failed: ${(err as Error).message}`);
        await new Promise((res) => setTimeout(res, 500));
        continue;
      }
      client.follow(runId);
      const timedOut = await Promise.race([client.whenFinal(runId).then(() => false), new Promise<boolean>((res) => setTimeout(() => res(true), RUN_TIMEOUT_MS))]);
      const s = client.runs.get(runId)!;
      if (timedOut) {
        stuck.push(runId);
        log(`  run ${runId} did not end within ${RUN_TIMEOUT_MS / 1000} s (client holds seq ${s.last})`);
        client.forget(runId);
        continue;
      }
      finishedAt.push(Date.now());
      lags.push(...s.lags);
      gaps += s.gaps + s.duplicates;
      client.forget(runId);
    }
  };
  // Each process's pools grow with demand: the peak tells what a cluster needs of max_connections.
  let peakConnections = 0;
  const connections = setInterval(() => void connectionCount(databaseUrl).then((n) => (peakConnections = Math.max(peakConnections, n)), () => {}), 1_000);
  const slots = Array.from({ length: IN_FLIGHT }, (_, k) => slot(k));
  await new Promise((r) => setTimeout(r, (WARMUP_SECONDS + SECONDS) * 1000));
  stop = true;
  await Promise.all(slots);
  clearInterval(connections);
  const from = t0 + WARMUP_SECONDS * 1000;
  const inWindow = finishedAt.filter((t) => t >= from && t < from + SECONDS * 1000).length;
  const counts = await statusCounts(databaseUrl);
  failed = (counts.failed ?? 0) + (counts.cancelled ?? 0) + (counts.interrupted ?? 0);
  client.close();
  await cluster.stop();
  return { workers, runsPerMin: (inWindow * 60) / SECONDS, lags, failed, gaps, stuck: stuck.length, deaths: cluster.deaths.length, peakConnections };
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase(ADMIN_URL, 'coinlab_bench_scale');
  log(`bench:scale on ${scratch.name}; ${IN_FLIGHT} runs in flight, ${SECONDS} s per phase (+${WARMUP_SECONDS} s warm-up), worker concurrency ${WORKER_CONCURRENCY}${single ? ', single `serve` mode' : ''}`);
  try {
    // Migrate (an API's start-up does it), then import the candles the template loads.
    const first = await Cluster.start({ databaseUrl: scratch.url, apis: 1, workers: 0, mode: 'single' });
    await first.stop();
    const t = Date.now();
    await runCoinlab(['import', ...market5mFiles()], scratch.url);
    log(`imported ${market5mFiles().length} candle files in ${Date.now() - t} ms`);
    const phases: Phase[] = [];
    for (const n of single ? [1] : WORKER_COUNTS) {
      const p = await phase(scratch.url, n);
      phases.push(p);
      log(`${n} worker(s): ${p.runsPerMin.toFixed(1)} runs/min; events to the other API p50 ${pct(p.lags, 50)} ms p99 ${pct(p.lags, 99)} ms max ${Math.max(...p.lags)} ms over ${p.lags.length} events; failed runs so far ${p.failed}; gaps/duplicates ${p.gaps}; runs stuck ${p.stuck}; processes that died ${p.deaths}; peak PostgreSQL connections ${p.peakConnections}`);
    }
    const all = phases.flatMap((p) => p.lags);
    const rpm = (n: number) => phases.find((p) => p.workers === n)?.runsPerMin.toFixed(1) ?? 'NA';
    console.log(`runs_per_min_1=${rpm(1)} runs_per_min_2=${rpm(2)} runs_per_min_4=${rpm(4)} p99_ms=${pct(all, 99)}`);
  } finally {
    await scratch.drop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
