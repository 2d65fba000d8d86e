import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { CLI_ENTRY, REPO_ROOT } from '../support/paths';

/**
 * coinlab processes as an operator starts them (`coinlab serve [--no-worker]`, `coinlab worker`),
 * each a separate OS process on one PostgreSQL database, so that a test or a benchmark can
 * kill -9 one and start it again. Shared by the cluster test, bench:scale and the soak.
 */

export type Role = 'api' | 'worker' | 'serve';

export interface ProcessSpec {
  role: Role;
  /** For logs and reports: "api-0", "worker-2". */
  name: string;
  databaseUrl: string;
  /** APIs: the port to listen on (kept across restarts, so the URL stays the same). */
  port?: number;
  /** Workers: runs executed at once (`--concurrency`). */
  concurrency?: number;
  /** Extra environment (REDIS_URL, COINLAB_ALLOWED_ORIGINS, …). */
  env?: Record<string, string>;
  /** A script run instead of the coinlab CLI (a test's own server with test nodes); it prints the same ready line. */
  entry?: string;
}

export interface CoinlabProcess {
  readonly spec: ProcessSpec;
  readonly child: ChildProcess;
  readonly pid: number;
  /** APIs: http://127.0.0.1:PORT */
  readonly url: string | undefined;
  output(): string;
  readonly exited: Promise<number | null>;
  /** kill -9, resolved once the OS has reaped it. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs` if it is still there. */
  stop(graceMs?: number): Promise<void>;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((ok) => srv.close(ok));
  return port;
}

function argsOf(spec: ProcessSpec): string[] {
  switch (spec.role) {
    case 'api':
      return ['serve', '--no-worker', '--no-demo', '--port', String(spec.port ?? 0), '--host', '127.0.0.1'];
    case 'serve':
      return ['serve', '--no-demo', '--port', String(spec.port ?? 0), '--host', '127.0.0.1'];
    case 'worker':
      return ['worker', ...(spec.concurrency ? ['--concurrency', String(spec.concurrency)] : [])];
  }
}

/** An API is ready when it prints its URL (today's `serve` line). */
const API_READY = /coinlab is running at (http:\/\/\S+)/;
/** A worker is ready when it says it executes runs (`coinlab worker pid N: executing up to …`). */
const WORKER_READY = /coinlab worker pid \d+: executing/;
const READY_TIMEOUT_MS = 90_000;

/** Starts one process and resolves once it is ready; rejects (with its output) if it exits first. */
export async function startProcess(spec: ProcessSpec): Promise<CoinlabProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...(spec.entry ? [spec.entry] : [CLI_ENTRY, ...argsOf(spec)])], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      // The harness starts far more runs from one client than the default limits allow.
      COINLAB_MAX_RUNS_PER_USER: '100000',
      COINLAB_RATE_LIMIT: '10000000',
      DATABASE_URL: spec.databaseUrl,
      COINLAB_DATA_DIR: '',
      OPENAI_BASE_URL: '',
      OPENAI_API_KEY: '',
      NO_COLOR: '1',
      ...(spec.port !== undefined ? { PORT: String(spec.port) } : {}),
      HOST: '127.0.0.1',
      ...spec.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // Bounded: a long soak must not hold every line a process ever printed.
  const append = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  const url = await new Promise<string | undefined>((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (spec.role === 'worker' && WORKER_READY.test(out)) return done(undefined);
      const m = API_READY.exec(out);
      if (m) return done(m[1]!);
      if (Date.now() - started > READY_TIMEOUT_MS) fail(new Error(`${spec.name} was not ready after ${READY_TIMEOUT_MS} ms:\n${out}`));
    }, 50);
    const done = (u: string | undefined) => {
      clearInterval(timer);
      resolve(u);
    };
    const fail = (err: Error) => {
      clearInterval(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    void exited.then((code) => fail(new Error(`${spec.name} (coinlab ${argsOf(spec).join(' ')}) exited with ${code} before it was ready:\n${out}`)));
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    spec,
    child,
    pid: child.pid!,
    url,
    output: () => out,
    exited,
    async kill9() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (gone()) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Runs a one-shot coinlab command (e.g. `import`) to completion; rejects with its output when it fails. */
export async function runCoinlab(args: string[], databaseUrl: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, COINLAB_DATA_DIR: '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`coinlab ${args.join(' ')} exited with ${code}:\n${out}`);
  return out;
}
