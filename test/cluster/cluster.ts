import { freePort, startProcess, type CoinlabProcess, type ProcessSpec } from './processes';

export interface ClusterOptions {
  databaseUrl: string;
  apis: number;
  workers: number;
  workerConcurrency?: number;
  /**
   * 'split' (the default): APIs with --no-worker plus separate workers. 'single': one
   * `coinlab serve` doing both and no workers, for runtimes without the scale-out commands.
   */
  mode?: 'split' | 'single';
  env?: Record<string, string>;
  /** Told at once when a process exits without being killed or stopped (with its last output). */
  onDeath?: (report: string) => void;
}

/**
 * A set of API and worker processes on one database. Each slot keeps its name and (for
 * APIs) its port across restarts; `apis[i]` / `workers[i]` is always the slot's latest process.
 */
export class Cluster {
  readonly apis: CoinlabProcess[] = [];
  readonly workers: CoinlabProcess[] = [];
  /** Every process ever started, dead or alive (for RSS reports and clean-up). */
  readonly all: CoinlabProcess[] = [];
  /** Processes that exited on their own (a crash), with the end of their output. */
  readonly deaths: string[] = [];
  private readonly expected = new Set<CoinlabProcess>();

  private constructor(private readonly opts: ClusterOptions) {}

  static async start(opts: ClusterOptions): Promise<Cluster> {
    const c = new Cluster(opts);
    try {
      const mode = opts.mode ?? 'split';
      const ports = await Promise.all(Array.from({ length: mode === 'single' ? 1 : opts.apis }, () => freePort()));
      // One at a time: the first process migrates the database, the others find it ready.
      for (const [i, port] of ports.entries()) c.apis.push(await c.track(startProcess({ role: mode === 'single' ? 'serve' : 'api', name: `api-${i}`, databaseUrl: opts.databaseUrl, port, env: opts.env })));
      if (mode === 'split') {
        const started = await Promise.allSettled(Array.from({ length: opts.workers }, (_, i) => startProcess(c.workerSpec(i))));
        for (const w of started) if (w.status === 'fulfilled') c.workers.push(c.remember(w.value));
        const failed = started.find((w) => w.status === 'rejected');
        if (failed) throw failed.reason;
      }
    } catch (err) {
      await c.stop();
      throw err;
    }
    return c;
  }

  get urls(): string[] {
    return this.apis.map((a) => a.url!);
  }

  private workerSpec(i: number): ProcessSpec {
    return { role: 'worker', name: `worker-${i}`, databaseUrl: this.opts.databaseUrl, concurrency: this.opts.workerConcurrency, env: this.opts.env };
  }

  private remember(p: CoinlabProcess): CoinlabProcess {
    this.all.push(p);
    void p.exited.then((code) => {
      if (this.expected.has(p)) return;
      const report = `${p.spec.name} (pid ${p.pid}) exited by itself with ${code}; its last output:\n${p.output().slice(-3000)}`;
      this.deaths.push(report);
      this.opts.onDeath?.(report);
    });
    return p;
  }

  private async track(p: Promise<CoinlabProcess>): Promise<CoinlabProcess> {
    return this.remember(await p);
  }

  /** kill -9 the process in a slot (the slot keeps the dead process until restart). */
  async kill(kind: 'api' | 'worker', index: number): Promise<CoinlabProcess> {
    const p = (kind === 'api' ? this.apis : this.workers)[index]!;
    this.expected.add(p);
    await p.kill9();
    return p;
  }

  /** Starts the slot's process again (same name, same port) and waits until it is ready. */
  async restart(kind: 'api' | 'worker', index: number): Promise<CoinlabProcess> {
    const slots = kind === 'api' ? this.apis : this.workers;
    const old = slots[index]!;
    const fresh = await this.track(startProcess(kind === 'worker' ? this.workerSpec(index) : old.spec));
    slots[index] = fresh;
    return fresh;
  }

  /** SIGTERM to every live process (workers first: they hand their runs back), SIGKILL after a grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    this.all.forEach((p) => this.expected.add(p));
    await Promise.all(this.workers.map((w) => w.stop(graceMs)));
    await Promise.all(this.all.map((p) => p.stop(graceMs)));
  }
}
