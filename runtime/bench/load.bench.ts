/**
 * Load: rounds of 200 runs started at once (all in flight together: queued or executing) with
 * 1,000 socket.io clients watching them (5 per run, some joining at once, some later), on the
 * embedded database and, when BENCH_DATABASE_URL is set, on a scratch database of that
 * PostgreSQL server. The server runs in this process, the clients in a second one.
 * Counts failed runs, lost events (every client must get every event of its run, gapless, in
 * order), POST /runs latency and the server's RSS growth from the first round to the last.
 * Run: pnpm bench:load   (BENCH_RUNS, BENCH_CLIENTS, BENCH_ROUNDS, COINLAB_MAX_RUNS to vary)
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { io, type Socket } from 'socket.io-client';
import type { RunEvent } from '@coinlab/shared';
import { startServer } from '../src/server';
import { sleepChain, sleepNode } from './sleep-chain';
import { createScratchDatabase } from '../src/db';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CHAIN = 5;
const FINAL = new Set(['run.finished', 'run.failed', 'run.cancelled', 'run.interrupted']);


const doc = (r: number) => sleepChain(`load ${r}`, CHAIN, 10 + (r % 7));

/**
 * A full collection before each RSS reading, so that growth means memory still referenced.
 * Enabled here rather than with --expose-gc on the command line: that flag would be passed on
 * to the embedded database's worker thread, which refuses it.
 */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : 0;
};

/** Messages from the client process to the server process. */
type ClientReport = { kind: 'round'; round: number; failedRuns: number; lostEvents: number; disordered: number; postMs: number[]; wallMs: number; failures: string[] };

/** One client: joins a run (now or later) and checks that it receives seq 1..final exactly once, in order. */
function watch(socket: Socket, runId: string, delayMs: number) {
  const seqs: number[] = [];
  let disordered = 0;
  let resolveFinal!: () => void;
  const final = new Promise<void>((r) => (resolveFinal = r));
  const onEvent = (e: RunEvent) => {
    if (e.runId !== runId) return;
    if (e.seq !== (seqs.at(-1) ?? 0) + 1) disordered++;
    seqs.push(e.seq);
    if (FINAL.has(e.kind)) resolveFinal();
  };
  socket.on('run:event', onEvent);
  setTimeout(() => socket.emit('run:join', { runId, afterSeq: 0 }, () => {}), delayMs);
  return {
    final,
    done: () => {
      socket.off('run:event', onEvent);
      socket.emit('run:leave', { runId });
      return { seqs, disordered };
    },
  };
}

async function clientProcess(url: string): Promise<void> {
  const send = (m: ClientReport) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
  const next = () => new Promise<void>((resolve) => process.once('message', () => resolve()));
  // Connected 50 at a time: a thousand handshakes at once on a busy machine can outlast the
  // client's connect timeout, which would measure the bench, not the server.
  const sockets: Socket[] = [];
  for (let i = 0; i < CLIENTS; i += 50) {
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, CLIENTS - i) }, async () => {
          const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 60_000 });
          await new Promise<void>((resolve, reject) => (s.once('connect', () => resolve()), s.once('connect_error', reject)));
          return s;
        }),
      )),
    );
  }
  let dropped = 0;
  for (const s of sockets) s.on('disconnect', () => dropped++);
  const perRun = Math.max(1, Math.floor(CLIENTS / RUNS));
  for (let round = 1; round <= ROUNDS; round++) {
    const t0 = Date.now();
    const postMs: number[] = [];
    const failures: string[] = [];
    // All runs posted at once: the server holds them all, queued or executing.
    const runIds = await Promise.all(
      Array.from({ length: RUNS }, async (_, r) => {
        const posted = Date.now();
        const res = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ document: doc(r), trigger: `load ${round}` }) });
        postMs.push(Date.now() - posted);
        if (res.status !== 202) {
          failures.push(`POST /runs ${res.status}: ${(await res.text()).slice(0, 200)}`);
          return null;
        }
        return ((await res.json()) as { runId: string }).runId;
      }),
    );
    const watchers = runIds.flatMap((runId, r) =>
      runId === null ? [] : Array.from({ length: perRun }, (_, k) => ({ runId, w: watch(sockets[(r * perRun + k) % sockets.length]!, runId, k < 3 ? 0 : 200 * k + (r % 10) * 50) })),
    );
    const timedOut = await Promise.race([Promise.all(watchers.map((x) => x.w.final)).then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 300_000))]);
    if (timedOut) failures.push('some clients never got their run\'s final event within 300 s');
    let failedRuns = runIds.filter((id) => id === null).length;
    let lostEvents = 0;
    let disordered = 0;
    const lastSeqOf = new Map<string, number>();
    for (const runId of new Set(runIds.filter((id): id is string => id !== null))) {
      const body = (await (await fetch(`${url}/api/v1/runs/${runId}`)).json()) as { run: { status: string; error: string | null }; snapshot: { lastSeq: number } };
      lastSeqOf.set(runId, body.snapshot.lastSeq);
      if (body.run.status !== 'succeeded') {
        failedRuns++;
        if (failures.length < 5) failures.push(`run ${runId}: ${body.run.status} ${body.run.error ?? ''}`);
      }
    }
    for (const { runId, w } of watchers) {
      const got = w.done();
      const expected = lastSeqOf.get(runId) ?? 0;
      const distinct = new Set(got.seqs.filter((s) => s <= expected)).size;
      lostEvents += expected - distinct;
      disordered += got.disordered;
    }
    if (dropped) failures.push(`${dropped} socket(s) disconnected`);
    await send({ kind: 'round', round, failedRuns, lostEvents, disordered, postMs, wallMs: Date.now() - t0, failures });
    await next();
  }
  for (const s of sockets) {
    s.off('disconnect');
    s.close();
  }
}

interface DbFigures {
  name: string;
  failedRuns: number;
  lostEvents: number;
  postP99: number;
  rssGrowthMb: number;
}

async function benchOne(name: string, target: { databaseUrl: string } | { dataDir: string }): Promise<DbFigures> {
  const maxRuns = process.env.COINLAB_MAX_RUNS ? Number(process.env.COINLAB_MAX_RUNS) : undefined;
  const server = await startServer({ port: 0, ...target, extraNodes: [sleepNode], concurrency: 4, ...(maxRuns ? { maxRuns } : {}) });
  const { admission } = server.runtime.manager;
  console.log(`${name}: ${server.runtime.db.location}; run limit ${admission.limit}; ${RUNS} runs x ${ROUNDS} rounds, ${CLIENTS} clients in a second process`);
  let peakInFlight = 0;
  let peakExecuting = 0;
  const sampler = setInterval(() => {
    peakInFlight = Math.max(peakInFlight, admission.admitted + admission.queued);
    peakExecuting = Math.max(peakExecuting, admission.admitted);
  }, 5);
  // POST /runs is timed by the clients, whose own process is busy with a thousand sockets: the
  // server's event-loop delay tells how much of it the server holds up.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  // The server's own share of accepting a run (validate, store the row), without HTTP or the client.
  const manager = server.runtime.manager;
  const acceptMs: number[] = [];
  const start = manager.start.bind(manager);
  manager.start = async (input) => {
    const t = performance.now();
    try {
      return await start(input);
    } finally {
      acceptMs.push(performance.now() - t);
    }
  };
  const rss: number[] = [];
  const allPost: number[] = [];
  let failedRuns = 0;
  let lostEvents = 0;
  try {
    const child: ChildProcess = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, LOAD_BENCH_CLIENT_OF: server.url },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.on('message', (m: ClientReport) => {
      void (async () => {
        await server.runtime.manager.eventsStored();
        collectGarbage();
        const mb = process.memoryUsage().rss / 2 ** 20;
        rss.push(mb);
        failedRuns += m.failedRuns;
        lostEvents += m.lostEvents;
        allPost.push(...m.postMs);
        console.log(
          `  round ${m.round}: ${m.wallMs} ms, failed runs ${m.failedRuns}, lost events ${m.lostEvents}, out of order ${m.disordered}, ` +
            `POST /runs p50 ${pct(m.postMs, 50)} ms p99 ${pct(m.postMs, 99)} ms, peak in flight ${peakInFlight} (executing ${peakExecuting}), server RSS ${mb.toFixed(0)} MB`,
        );
        for (const f of m.failures) console.log(`    ${f}`);
        child.send('next');
      })();
    });
    const code = await exited;
    if (code !== 0) throw new Error(`client process exited with ${code}`);
  } finally {
    clearInterval(sampler);
    loopDelay.disable();
    await server.close();
  }
  // Growth after the first round (which warms caches, JIT and pools) to the last.
  const rssGrowthMb = rss.length > 1 ? rss.at(-1)! - rss[0]! : 0;
  const figures = { name, failedRuns, lostEvents, postP99: pct(allPost, 99), rssGrowthMb };
  const ms = (ns: number) => (ns / 1e6).toFixed(0);
  console.log(`  accepting a run in the server (manager.start): p50 ${pct(acceptMs, 50).toFixed(0)} ms, p99 ${pct(acceptMs, 99).toFixed(0)} ms`);
  console.log(`  server event-loop delay: p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms`);
  console.log(`  ${name}: failed_runs=${failedRuns} lost_events=${lostEvents} post_p99_ms=${figures.postP99} rss_growth_mb=${rssGrowthMb.toFixed(1)} peak_in_flight=${peakInFlight}`);
  return figures;
}

async function main() {
  if (process.env.LOAD_BENCH_CLIENT_OF) return clientProcess(process.env.LOAD_BENCH_CLIENT_OF);
  const results: DbFigures[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-load-'));
  try {
    results.push(await benchOne('embedded', { dataDir: path.join(dir, 'data') }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (adminUrl) {
    const scratch = await createScratchDatabase(adminUrl, 'coinlab_bench');
    try {
      results.push(await benchOne('postgres', { databaseUrl: scratch.url }));
    } finally {
      await scratch.drop();
    }
  } else console.log('postgres: skipped (set BENCH_DATABASE_URL to a PostgreSQL server to include it)');
  const sum = (f: (r: DbFigures) => number) => results.reduce((a, r) => a + f(r), 0);
  const max = (f: (r: DbFigures) => number) => Math.max(...results.map(f));
  console.log(`failed_runs=${sum((r) => r.failedRuns)} lost_events=${sum((r) => r.lostEvents)} post_p99_ms=${max((r) => r.postP99)} rss_growth_mb=${max((r) => r.rssGrowthMb).toFixed(1)}`);
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
