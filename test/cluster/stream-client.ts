import { io, type Socket } from 'socket.io-client';
import type { RunEvent } from '@coinlab/shared';
import type { ClientToServerEvents, JoinAck, ServerToClientEvents } from '../../runtime/src/realtime/protocol';

/**
 * A socket.io client that follows many runs across a cluster of API instances. It starts on
 * one API; when that API goes away it connects to the next one in the list (another instance,
 * or the same one restarted) and rejoins every unfinished run with `afterSeq` = the last seq it
 * holds — the protocol's promise is that it then gets every later event exactly once, in order.
 * It keeps what it received per run and counts every departure from seq last+1.
 */

type ClusterSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const FINAL_KINDS = new Set(['run.finished', 'run.failed', 'run.cancelled', 'run.interrupted']);
const JOIN_RETRY_MS = 250;
const JOIN_ATTEMPTS = 40;

export interface RunStream {
  /** (seq, kind) in arrival order. */
  events: { seq: number; kind: string }[];
  last: number;
  final: boolean;
  /** Events that arrived with seq <= last (sent twice). */
  duplicates: number;
  /** Events that arrived with seq > last + 1 (something missed). */
  gaps: number;
  /** ms from the event's ts to its arrival, for latency figures. */
  lags: number[];
}

export interface StreamClientOptions {
  urls: string[];
  /** Index in `urls` to connect to first. */
  first: number;
  name: string;
  /** Keep per-event lags (bench). */
  keepLags?: boolean;
  /** Keep the (seq, kind) list (verification); off for soak clients that only count. */
  keepEvents?: boolean;
  connectTimeoutMs?: number;
}

export class StreamClient {
  readonly runs = new Map<string, RunStream>();
  /** Problems that are not gaps: joins refused for good, connect failures. */
  readonly errors: string[] = [];
  /** How often this client moved to another API after losing its connection. */
  failovers = 0;
  private socket: ClusterSocket | undefined;
  private current: number;
  private closed = false;
  private readonly waiters = new Set<() => void>();

  constructor(readonly opts: StreamClientOptions) {
    this.current = opts.first;
  }

  get url(): string {
    return this.opts.urls[this.current]!;
  }

  /** Connects to the first API that answers, starting at `first`. */
  async connect(): Promise<void> {
    await this.connectFrom(this.current);
  }

  private async connectFrom(start: number): Promise<void> {
    const n = this.opts.urls.length;
    for (let attempt = 0; !this.closed; attempt++) {
      const i = (start + attempt) % n;
      const socket: ClusterSocket = io(this.opts.urls[i]!, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: this.opts.connectTimeoutMs ?? 5_000 });
      const ok = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      });
      if (!ok) {
        socket.close();
        // Every instance refused: wait a little before the next turn (one is restarting).
        if ((attempt + 1) % n === 0) await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      this.current = i;
      this.attach(socket);
      return;
    }
  }

  private attach(socket: ClusterSocket): void {
    this.socket = socket;
    socket.on('run:event', (e) => this.receive(e));
    socket.on('disconnect', () => {
      if (this.closed || this.socket !== socket) return;
      socket.removeAllListeners();
      socket.close();
      this.socket = undefined;
      this.failovers++;
      // The next instance in the list first: the one we were on has just gone away.
      void this.connectFrom(this.current + 1).then(() => this.rejoinAll());
    });
  }

  private rejoinAll(): void {
    for (const [runId, s] of this.runs) if (!s.final) this.join(runId);
  }

  private receive(e: RunEvent): void {
    const s = this.runs.get(e.runId);
    if (!s) return;
    if (e.seq <= s.last) s.duplicates++;
    else {
      if (e.seq !== s.last + 1) s.gaps++;
      s.last = e.seq;
    }
    if (this.opts.keepEvents !== false) s.events.push({ seq: e.seq, kind: e.kind });
    if (this.opts.keepLags) s.lags.push(Date.now() - e.ts);
    if (FINAL_KINDS.has(e.kind)) {
      s.final = true;
      this.socket?.emit('run:leave', { runId: e.runId });
      this.waiters.forEach((w) => w());
    }
  }

  /** Starts following a run (from seq 0). */
  follow(runId: string): void {
    if (!this.runs.has(runId)) this.runs.set(runId, { events: [], last: 0, final: false, duplicates: 0, gaps: 0, lags: [] });
    this.join(runId);
  }

  /** Joins with the last seq held; a run another instance has just accepted may not be visible yet, so a refusal is retried. */
  private join(runId: string, attempt = 1): void {
    const socket = this.socket;
    const s = this.runs.get(runId)!;
    if (!socket || s.final) return; // the reconnect rejoins
    socket.emit('run:join', { runId, afterSeq: s.last }, (ack: JoinAck) => {
      if (ack.ok || this.closed || this.socket !== socket) return;
      if (attempt >= JOIN_ATTEMPTS) {
        this.errors.push(`${this.opts.name}: run:join ${runId} refused ${attempt} times: ${ack.error}`);
        return;
      }
      setTimeout(() => this.join(runId, attempt + 1), JOIN_RETRY_MS);
    });
  }

  /** Resolves once every followed run has its final event (or rejects after `timeoutMs`). */
  untilAllFinal(timeoutMs: number): Promise<void> {
    const done = () => [...this.runs.values()].every((s) => s.final);
    return new Promise((resolve, reject) => {
      if (done()) return resolve();
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const open = [...this.runs.entries()].filter(([, s]) => !s.final).map(([id, s]) => `${id}@${s.last}`);
        reject(new Error(`${this.opts.name} (on ${this.url}): ${open.length} run(s) without a final event after ${timeoutMs} ms: ${open.slice(0, 5).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Resolves once the run has its final event (call after follow). */
  whenFinal(runId: string): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.runs.get(runId)?.final === false) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Stops following a run and forgets it (soak clients move on to new runs). */
  forget(runId: string): void {
    this.runs.delete(runId);
    this.socket?.emit('run:leave', { runId });
  }

  close(): void {
    this.closed = true;
    this.socket?.removeAllListeners();
    this.socket?.close();
  }
}
