import { createHash, randomUUID } from 'node:crypto';
import type { ArtifactInput, ArtifactRef, CandleColumns, CoinStats, InteractionResponse, LlmService, NodeServices } from '../services';
import { barSpacingMs, findGaps } from '../lib/gaps';
import { offlineLlm } from './offline-llm';

/**
 * In-memory services for headless use without a database (the planner's dry run) and node tests. The runtime
 * has database-backed implementations of the same interfaces.
 */
export interface MemoryServices extends NodeServices {
  readonly savedArtifacts: Map<string, { ref: ArtifactRef; content: Uint8Array; metadata: Record<string, unknown> }>;
  addCandles(c: CandleColumns): void;
  /** Answers for interaction requests, by request key; unanswered ones get their default. */
  readonly answers: Map<string, InteractionResponse>;
}

function slice(c: CandleColumns, from?: number, to?: number): CandleColumns {
  const keep: number[] = [];
  c.ts.forEach((t, i) => {
    if ((from === undefined || t >= from) && (to === undefined || t <= to)) keep.push(i);
  });
  const pick = (a: number[]) => keep.map((i) => a[i]!);
  return { coin: c.coin, ts: pick(c.ts), open: pick(c.open), high: pick(c.high), low: pick(c.low), close: pick(c.close), volume: pick(c.volume) };
}

export function createMemoryServices(opts: { candles?: CandleColumns[]; now?: () => number; llm?: LlmService } = {}): MemoryServices {
  const candles = new Map<string, CandleColumns>();
  for (const c of opts.candles ?? []) candles.set(c.coin, c);
  const savedArtifacts: MemoryServices['savedArtifacts'] = new Map();
  const answers = new Map<string, InteractionResponse>();
  return {
    savedArtifacts,
    answers,
    addCandles: (c) => void candles.set(c.coin, c),
    now: opts.now ?? (() => Date.now()),
    llm: opts.llm ?? offlineLlm,
    market: {
      async listCoins(): Promise<CoinStats[]> {
        return [...candles.values()].map((c) => {
          const rets: number[] = [];
          for (let i = 1; i < c.close.length; i++) rets.push(c.close[i]! / c.close[i - 1]! - 1);
          const mean = rets.length ? rets.reduce((a, b) => a + b, 0) / rets.length : null;
          const std = mean !== null && rets.length > 1 ? Math.sqrt(rets.reduce((a, r) => a + (r - mean) ** 2, 0) / (rets.length - 1)) : null;
          // Spacing and gaps by the Data panel's rule, as the runtime's listCoins gives them.
          const barMs = barSpacingMs(c.ts);
          return { coin: c.coin, firstTs: c.ts[0] ?? 0, lastTs: c.ts[c.ts.length - 1] ?? 0, rows: c.ts.length, barMs, gaps: findGaps(c.ts, barMs ?? 300_000), meanReturn: mean, stdReturn: std };
        });
      },
      async loadCandles({ coin, from, to }) {
        const c = candles.get(coin);
        if (!c) return { coin, ts: [], open: [], high: [], low: [], close: [], volume: [] };
        return slice(c, from, to);
      },
      async fingerprint({ coins, from, to }) {
        const h = createHash('sha256');
        for (const coin of coins) {
          const c = candles.get(coin);
          const s = c ? slice(c, from, to) : undefined;
          h.update(`${coin}:${s?.ts.length ?? 0}:${s?.ts[0] ?? ''}:${s?.ts[s.ts.length - 1] ?? ''}:${s?.close.reduce((a, b) => a + b, 0) ?? 0};`);
        }
        return h.digest('hex');
      },
    },
    artifacts: {
      async save(a: ArtifactInput) {
        const ref: ArtifactRef = { id: randomUUID(), kind: a.kind, name: a.name, contentType: a.contentType };
        const content = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : a.content;
        savedArtifacts.set(ref.id, { ref, content, metadata: a.metadata ?? {} });
        return ref;
      },
      async load(id) {
        return savedArtifacts.get(id) ?? null;
      },
    },
    interactions: {
      async ask(req) {
        const answer = answers.get(req.key);
        if (answer) return answer;
        return { decision: req.defaultAction ?? 'approve', reason: 'no answer given (memory services default)' };
      },
    },
  };
}
