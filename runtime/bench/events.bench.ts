/**
 * Event latency: from a node's state change (the event's timestamp, taken when the engine
 * emits it) to its arrival at a socket.io client, with 100 runs posted at once (all in flight
 * together; the peak is reported), each watched by its own client. The server (with its persistence: embedded database, or BENCH_DATABASE_URL)
 * runs in this process, the clients in a second one; both read the same clock. Run: pnpm bench:events
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import type { RunEvent } from '@coinlab/shared';
import { startServer } from '../src/server';
import { sleepChain, sleepNode } from './sleep-chain';

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const CHAIN = 10;


const doc = (r: number) => sleepChain(`latency ${r}`, CHAIN, 20 + (r % 7));

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** The clients' side, in its own process so that their work does not delay the server. */
async function clients(url: string): Promise<void> {
  const latencies: number[] = [];
  /** Split of the same: events sent live, and events that happened before the client's join completed (replayed by it). */
  const live: number[] = [];
  const beforeJoin: number[] = [];
  /** Server round trips the events wait for: creating the run, and joining it (stored events read from the database). */
  const postMs: number[] = [];
  const joinMs: number[] = [];
  let received = 0;
  const sockets = await Promise.all(
    Array.from({ length: RUNS }, async () => {
      const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      await new Promise<void>((resolve) => s.once('connect', () => resolve()));
      return s;
    }),
  );
  // Every run is posted at once (none awaits another), so all of them are in flight together;
  // the peak number of runs accepted and not yet finished is measured, not assumed.
  let inFlight = 0;
  let peakInFlight = 0;
  const t0 = Date.now();
  const done = Array.from({ length: RUNS }, async (_, r) => {
    const posted = Date.now();
    const res = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ document: doc(r) }) });
    if (!res.ok) throw new Error(`POST /runs answered ${res.status}: ${await res.text()}`);
    const { runId } = (await res.json()) as { runId: string };
    postMs.push(Date.now() - posted);
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    const client = sockets[r]!;
    await new Promise<void>((resolve, reject) => {
      let expected = 1;
      let joined = false;
      client.on('run:event', (e: RunEvent) => {
        const now = Date.now();
        if (e.seq !== expected) reject(new Error(`run ${runId}: got seq ${e.seq}, expected ${expected}`));
        expected++;
        received++;
        if (e.kind.startsWith('node.')) {
          latencies.push(now - e.ts);
          (joined ? live : beforeJoin).push(now - e.ts);
        }
        if (e.kind === 'run.finished' || e.kind === 'run.failed' || e.kind === 'run.cancelled') {
          inFlight--;
          resolve();
        }
      });
      const joining = Date.now();
      client.emit('run:join', { runId, afterSeq: 0 }, () => {
        joinMs.push(Date.now() - joining);
        joined = true;
      });
    });
  });
  await Promise.all(done);
  const wall = Date.now() - t0;
  for (const c of sockets) c.close();
  const p50 = pct(latencies, 50);
  const p99 = pct(latencies, 99);
  console.log(`${RUNS} runs posted at once (chains of ${CHAIN} nodes), peak ${peakInFlight} runs in flight, ${received} events received in order, ${latencies.length} node events timed, ${wall} ms wall`);
  console.log(`  latency node event -> socket client: p50 ${p50} ms, p90 ${pct(latencies, 90)} ms, p99 ${p99} ms, max ${Math.max(...latencies)} ms`);
  const split = (xs: number[]) => (xs.length ? `p50 ${pct(xs, 50)} ms, p99 ${pct(xs, 99)} ms` : 'none');
  console.log(`    live (${live.length}): ${split(live)}; replayed at join (${beforeJoin.length}): ${split(beforeJoin)}`);
  console.log(`    POST /runs: ${split(postMs)}; run:join until acknowledged: ${split(joinMs)}`);
  // The summary goes to the parent, which prints it as the last line (after its own figures).
  process.send?.({ summary: `p50_ms=${p50} p99_ms=${p99} peak_runs_in_flight=${peakInFlight}` });
}

async function main() {
  if (process.env.EVENTS_BENCH_CLIENT_OF) return clients(process.env.EVENTS_BENCH_CLIENT_OF);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-events-'));
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const server = await startServer({ port: 0, ...(databaseUrl ? { databaseUrl } : { dataDir: path.join(dir, 'data') }), extraNodes: [sleepNode], concurrency: 4 });
  console.log(`server with ${server.runtime.db.location}; clients in a second process`);
  // How long the server's event loop was held up: what delays every socket event and HTTP reply.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  try {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { env: { ...process.env, EVENTS_BENCH_CLIENT_OF: server.url }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let summary = '';
    child.on('message', (m: unknown) => {
      if (m && typeof m === 'object' && 'summary' in m && typeof m.summary === 'string') summary = m.summary;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`client process exited with ${code}`);
    loopDelay.disable();
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    console.log(`  server event-loop delay: p50 ${ms(loopDelay.percentile(50))} ms, p99 ${ms(loopDelay.percentile(99))} ms, max ${ms(loopDelay.max)} ms`);
    if (!summary) throw new Error('the client process sent no summary');
    console.log(summary);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
