import type { LlmCallRecord, LlmUsageTotals } from '@coinlab/shared';

// A stored call's shape is part of the shared API contract (`GET /runs/{id}/llm-usage` lists them).
export { llmCallRecordSchema, type LlmCallRecord } from '@coinlab/shared';

export type UsageTotals = LlmUsageTotals;

export interface UsageLedgerOptions {
  /** Persistence hook, awaited after every call; its failures are reported to onError. */
  onCall?: (record: LlmCallRecord) => void | Promise<void>;
  onError?: (error: unknown, record: LlmCallRecord) => void;
  now?: () => Date;
}

export interface Reservation {
  readonly runId: string;
  readonly tokens: number;
  release(): void;
}

const emptyTotals = (): UsageTotals => ({
  inputTokens: 0,
  outputTokens: 0,
  totalTokens: 0,
  costUsd: 0,
  calls: 0,
  failedCalls: 0,
  requests: 0,
});

export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * In-memory usage accounting: per call, summed per node and per run, requests per UTC
 * day, and token reservations of calls in flight (so that concurrent calls of one run
 * cannot together overrun its budget). The runtime stores rows through `onCall` and
 * rebuilds the sums after a restart with `restore`.
 */
export class UsageLedger {
  private readonly calls: LlmCallRecord[] = [];
  private readonly runs = new Map<string, UsageTotals>();
  private readonly nodes = new Map<string, UsageTotals>();
  private readonly days = new Map<string, number>();
  private readonly reserved = new Map<string, number>();
  private readonly now: () => Date;

  constructor(private readonly options: UsageLedgerOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  today(): string {
    return utcDay(this.now());
  }

  /** Adds a finished call and hands it to the persistence hook. */
  async record(record: LlmCallRecord): Promise<void> {
    this.add(record);
    if (!this.options.onCall) return;
    try {
      await this.options.onCall(record);
    } catch (error) {
      (this.options.onError ?? ((e: unknown) => console.error('LLM usage persistence failed:', e)))(error, record);
    }
  }

  /** Re-adds stored calls (e.g. this run's and today's rows after a restart) without persisting them again. */
  restore(records: Iterable<LlmCallRecord>): void {
    for (const r of records) {
      this.add(r);
      // Requests were counted live when first made; a restore has to count them here.
      const day = r.at.slice(0, 10);
      this.days.set(day, (this.days.get(day) ?? 0) + r.attempts);
    }
  }

  /** Counts one HTTP request against today's limit. */
  countRequest(): void {
    const day = this.today();
    this.days.set(day, (this.days.get(day) ?? 0) + 1);
  }

  requestsOn(day: string = this.today()): number {
    return this.days.get(day) ?? 0;
  }

  reserve(runId: string, tokens: number): Reservation {
    this.reserved.set(runId, (this.reserved.get(runId) ?? 0) + tokens);
    let released = false;
    return {
      runId,
      tokens,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.reserved.get(runId) ?? 0) - tokens;
        if (left > 0) this.reserved.set(runId, left);
        else this.reserved.delete(runId);
      },
    };
  }

  reservedTokens(runId: string): number {
    return this.reserved.get(runId) ?? 0;
  }

  forRun(runId: string): UsageTotals {
    return { ...(this.runs.get(runId) ?? emptyTotals()) };
  }

  forNode(runId: string, nodeId: string): UsageTotals {
    return { ...(this.nodes.get(nodeKey(runId, nodeId)) ?? emptyTotals()) };
  }

  /** Calls in order, optionally of one run. */
  records(runId?: string): LlmCallRecord[] {
    return this.calls.filter((c) => runId === undefined || c.runId === runId);
  }

  /** Drops a finished run's calls from memory (daily counts are kept). */
  forgetRun(runId: string): void {
    for (let i = this.calls.length - 1; i >= 0; i--) if (this.calls[i]?.runId === runId) this.calls.splice(i, 1);
    this.runs.delete(runId);
    for (const key of [...this.nodes.keys()]) if (key.startsWith(`${runId}\u0000`)) this.nodes.delete(key);
  }

  private add(record: LlmCallRecord): void {
    this.calls.push(record);
    addTo(this.runs, record.runId, record);
    addTo(this.nodes, nodeKey(record.runId, record.nodeId), record);
  }
}

const nodeKey = (runId: string, nodeId: string) => `${runId}\u0000${nodeId}`;

function addTo(map: Map<string, UsageTotals>, key: string, r: LlmCallRecord): void {
  const t = map.get(key) ?? emptyTotals();
  t.inputTokens += r.inputTokens;
  t.outputTokens += r.outputTokens;
  t.totalTokens += r.inputTokens + r.outputTokens;
  t.costUsd += r.costUsd;
  t.calls += 1;
  t.failedCalls += r.ok ? 0 : 1;
  t.requests += r.attempts;
  map.set(key, t);
}
