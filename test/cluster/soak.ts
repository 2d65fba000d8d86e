/**
 * soak — a cluster under steady load for a while: 2 APIs (`serve --no-worker`) and workers on a
 * fresh PostgreSQL database, SOAK_RUNS runs kept in flight (a finished run is replaced at once),
 * SOAK_CLIENTS socket.io clients spread over the APIs, each run followed by
 * SOAK_CLIENTS / SOAK_RUNS of them. Reports errors (failed POSTs, refused joins, runs that did
 * not succeed, processes that died), lost and duplicate events (every client must receive seq
 * 1..last of its run exactly once, ending with run.finished, and the store must agree), and the
 * RSS of every process at start, peak and end (from /proc: VmRSS, VmHWM).
 *
 * Run: pnpm soak [--minutes N]   (default 10; SOAK_RUNS=200, SOAK_CLIENTS=1000, SOAK_WORKERS=3,
 * SOAK_WORKER_CONCURRENCY=20, SOAK_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres;
 * COINLAB_CLUSTER_MODE=single runs one `coinlab serve` instead of the split cluster)
 * Last line: key=value summary.
 */
import { parseArgs } from 'node:util';
import { createScratchDatabase } from '../../runtime/src/db/scratch-database';
import { shortChain } from './graphs';
import { postRun } from './http';
import { Cluster } from './cluster';
import { RssSampler } from './rss';
import { StreamClient } from './stream-client';
import { storedTails } from './verify';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' } } });
const MINUTES = Number(values.minutes);
const RUNS = Number(process.env.SOAK_RUNS ?? 200);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 1000);
const WORKERS = Number(process.env.SOAK_WORKERS ?? 3);
const WORKER_CONCURRENCY = Number(process.env.SOAK_WORKER_CONCURRENCY ?? 20);
const ADMIN_URL = process.env.SOAK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUN_TIMEOUT_MS = 180_000;
const single = process.env.COINLAB_CLUSTER_MODE === 'single';

const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<number> {
  if (!(MINUTES > 0) || RUNS < 1 || CLIENTS < RUNS) throw new Error('need --minutes > 0 and SOAK_CLIENTS >= SOAK_RUNS >= 1');
  const scratch = await createScratchDatabase(ADMIN_URL, 'coinlab_soak');
  const errors: string[] = [];
  const error = (e: string) => {
    errors.push(e);
    if (errors.length <= 20) log(`error: ${e}`);
  };
  let cluster: Cluster | undefined;
  // Set before the processes are stopped on purpose: only deaths before that are errors.
  let stopping = false;
  const clients: StreamClient[] = [];
  try {
    cluster = await Cluster.start({ databaseUrl: scratch.url, apis: 2, workers: WORKERS, workerConcurrency: WORKER_CONCURRENCY, mode: single ? 'single' : 'split', onDeath: (r) => !stopping && error(r) });
    const urls = cluster.urls;
    const live = cluster;
    const rss = new RssSampler(() => [...live.all.filter((p) => p.child.exitCode === null && p.child.signalCode === null).map((p) => ({ name: p.spec.name, pid: p.pid })), { name: 'driver', pid: process.pid }], 2_000);
    rss.start();
    log(`${scratch.name}: ${urls.length} API(s) ${urls.join(' ')}, ${cluster.workers.length} worker(s) x ${WORKER_CONCURRENCY}; connecting ${CLIENTS} clients`);

    // 50 handshakes at a time: a thousand at once on a busy machine can outlast a connect timeout.
    for (let i = 0; i < CLIENTS; i++) clients.push(new StreamClient({ urls, first: i % urls.length, name: `client-${i}`, connectTimeoutMs: 20_000 }));
    for (let i = 0; i < CLIENTS; i += 50) await Promise.all(clients.slice(i, i + 50).map((c) => c.connect()));
    log(`${CLIENTS} clients connected; ${RUNS} runs in flight for ${MINUTES} min`);

    const perRun = Math.floor(CLIENTS / RUNS);
    const observed = new Map<string, number>(); // runId -> final seq the clients saw
    let lost = 0;
    let duplicates = 0;
    let finished = 0;
    const begin = Date.now();
    const end = begin + MINUTES * 60_000;
    const slot = async (k: number) => {
      const mine = clients.slice(k * perRun, (k + 1) * perRun);
      for (let r = 0; Date.now() < end; r++) {
        let runId: string;
        try {
          runId = (await postRun(urls, k % urls.length, { document: shortChain(k + r), trigger: `soak ${k}.${r}` })).runId;
        } catch (err) {
          error((err as Error).message);
          await new Promise((res) => setTimeout(res, 1_000));
          continue;
        }
        mine.forEach((c) => c.follow(runId));
        const timedOut = await Promise.race([Promise.all(mine.map((c) => c.whenFinal(runId))).then(() => false), new Promise<boolean>((res) => setTimeout(() => res(true), RUN_TIMEOUT_MS))]);
        if (timedOut) error(`run ${runId}: not every client had its final event after ${RUN_TIMEOUT_MS} ms`);
        let finalSeq = 0;
        for (const c of mine) {
          const s = c.runs.get(runId)!;
          const distinct = new Set(s.events.map((e) => e.seq)).size;
          lost += s.last - distinct;
          duplicates += s.duplicates;
          if (s.final && s.events.at(-1)?.kind !== 'run.finished') error(`run ${runId}: ${c.opts.name} ended with ${s.events.at(-1)?.kind}`);
          finalSeq = Math.max(finalSeq, s.last);
          c.forget(runId);
        }
        observed.set(runId, finalSeq);
        finished++;
      }
    };
    const progress = setInterval(() => log(`${finished} runs done, ${errors.length} error(s), ${lost} lost, ${duplicates} duplicate event(s)`), 30_000);
    await Promise.all(Array.from({ length: RUNS }, (_, k) => slot(k)));
    clearInterval(progress);
    // The last runs started before the deadline finish after it: count the whole wall time.
    const wallMin = (Date.now() - begin) / 60_000;
    stopping = true;

    // The store must agree with the clients: every run succeeded, and its last stored seq is
    // the last one the clients saw (a tail nobody received would be lost too).
    const tails = await storedTails(scratch.url, [...observed.keys()]);
    let notSucceeded = 0;
    for (const [runId, seen] of observed) {
      const t = tails.get(runId);
      if (!t || t.status !== 'succeeded') {
        notSucceeded++;
        if (notSucceeded <= 5) error(`run ${runId}: ${t?.status ?? 'not stored'}`);
      }
      if (t && t.lastSeq > seen) lost += (t.lastSeq - seen) * perRun;
    }
    for (const c of clients) errors.push(...c.errors);
    const failovers = clients.reduce((n, c) => n + c.failovers, 0);
    const tracks = rss.stop();
    for (const t of tracks) log(`RSS ${t.name} (pid ${t.pid}): start ${t.startMb.toFixed(0)} MiB, peak ${t.peakMb.toFixed(0)} MiB, end ${t.endMb.toFixed(0)} MiB`);
    const rssKv = tracks.map((t) => `rss_${t.name}_mb=${t.startMb.toFixed(0)}/${t.peakMb.toFixed(0)}/${t.endMb.toFixed(0)}`).join(' ');
    console.log(
      `minutes=${MINUTES} in_flight=${RUNS} clients=${CLIENTS} workers=${single ? 0 : WORKERS} runs=${finished} wall_min=${wallMin.toFixed(1)} runs_per_min=${(finished / wallMin).toFixed(0)} failed_runs=${notSucceeded} lost_events=${lost} duplicate_events=${duplicates} client_failovers=${failovers} errors=${errors.length} ${rssKv}`,
    );
    return errors.length || lost || duplicates || notSucceeded ? 1 : 0;
  } finally {
    stopping = true;
    clients.forEach((c) => c.close());
    await cluster?.stop();
    await scratch.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
