/**
 * Run acceptance and memory under load (issue 8, item 9): ROUNDS rounds of RUNS concurrent
 * POST /runs (10-node chains of short sleeps with progress, so the database has a write
 * backlog), then PROBES more runs posted one by one while those run, each round waited to the
 * end. Prints the latency of the probe POSTs of every round and the heap
 * and RSS after a forced GC at the end of each round; the growth per round is the slope from
 * round 2 on (round 1 warms caches and JIT). Embedded database, or BENCH_DATABASE_URL.
 * Run: pnpm tsx runtime/bench/accept-memory.bench.ts
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { io, type Socket } from 'socket.io-client';
import { startServer } from '../src/server';
import { sleepChain, sleepNode } from './sleep-chain';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CHAIN = 10;
const PROBES = 30;
/** Long-lived clients (an open editor each), every one joining a share of each round's runs. */
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 100);
const PROBE_EVERY_MS = 50;


const doc = (r: number) => sleepChain(`load ${r}`, CHAIN, 10 + (r % 7));

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const mb = (n: number) => n / 1024 / 1024;
// Not `node --expose-gc`: worker threads refuse that flag, and the embedded database would
// then run in the main thread, which is not what is measured here.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-load-'));
  const server = await startServer({ port: 0, ...(databaseUrl ? { databaseUrl } : { dataDir: path.join(dir, 'data') }), extraNodes: [sleepNode], concurrency: 4 });
  const heap: number[] = [];
  const rss: number[] = [];
  let allPosts: number[] = [];
  const sockets: Socket[] = await Promise.all(
    Array.from({ length: SOCKETS }, () => {
      const sock = io(server.url, { transports: ['websocket'], forceNew: true });
      return new Promise<Socket>((ok) => sock.once('connect', () => ok(sock)));
    }),
  );
  const follow = (runId: string, i: number) => sockets[i % SOCKETS]!.emit('run:join', { runId, afterSeq: 0 }, () => {});
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const post = async (r: number) => {
        const res = await fetch(`${server.url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ document: doc(r) }) });
        if (res.status !== 202) throw new Error(`POST /runs: ${res.status} ${await res.text()}`);
        return ((await res.json()) as { runId: string }).runId;
      };
      // The load: RUNS runs at once. Then, while they run, one more run every PROBE_EVERY_MS:
      // the latency of those POSTs is what a user starting a run on a busy server waits.
      const ids = await Promise.all(Array.from({ length: RUNS }, (_, r) => post(r)));
      ids.forEach(follow);
      const posts: number[] = [];
      for (let p = 0; p < PROBES; p++) {
        const t0 = performance.now();
        ids.push(await post(p));
        posts.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
      }
      const results = await Promise.all(ids.map((id) => server.runtime.manager.waitFor(id)));
      await server.runtime.manager.eventsStored();
      const failed = results.filter((r) => r && r.status !== 'succeeded').length;
      for (let i = 0; i < 3; i++) gc();
      await new Promise((r) => setTimeout(r, 200));
      gc();
      const m = process.memoryUsage();
      heap.push(mb(m.heapUsed));
      rss.push(mb(m.rss));
      allPosts = allPosts.concat(posts);
      console.log(`round ${round} (${SOCKETS} clients): post_p50_ms=${pct(posts, 50).toFixed(1)} post_p99_ms=${pct(posts, 99).toFixed(1)} failed=${failed} heap_mb=${heap.at(-1)!.toFixed(1)} rss_mb=${rss.at(-1)!.toFixed(1)}`);
    }
  } finally {
    for (const sock of sockets) sock.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const slope = (xs: number[]) => (xs.length > 2 ? (xs.at(-1)! - xs[1]!) / (xs.length - 2) : Number.NaN);
  const per100 = 100 / RUNS;
  console.log(`post_p99_ms=${pct(allPosts, 99).toFixed(1)} heap_growth_mb_per_100_runs=${(slope(heap) * per100).toFixed(2)} rss_growth_mb_per_100_runs=${(slope(rss) * per100).toFixed(2)}`);
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
