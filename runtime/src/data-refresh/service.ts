import type { Exchange } from 'ccxt';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { openExchange, type ExchangeId, type ExchangeSettings } from './exchange';
import { fetchPair, type PairFetchResult } from './fetch-pair';
import { retryPolicy, withRetry } from './retry';
import type { FetchRequest } from './schemas';
import { RequestSpacing } from './spacing';

export type FetchOutcome =
  | { ok: true; exchange: ExchangeId; timeframe: '5m'; pairs: PairFetchResult[] }
  | { ok: false; status: 400 | 503; path: string; message: string };

/**
 * Downloads candles from exchanges into price_data_5min. One ccxt client per exchange for the
 * life of the runtime, so its throttle spaces every request to that exchange (several pairs,
 * several fetches, a schedule and the API at once) by the rate limit.
 */
export class DataRefreshService {
  private readonly clients = new Map<ExchangeId, Promise<Exchange>>();
  private readonly gates = new Map<ExchangeId, RequestSpacing>();

  constructor(
    private readonly o: {
      db: Kysely<Database>;
      settings: ExchangeSettings;
      now?: () => Date;
      sleep?: (ms: number) => Promise<void>;
      log?: (line: string) => void;
      /** Called after a fetch that stored new bars (the new-data triggers look at once). */
      onNewData?: (coins: string[]) => void;
      pageLimit?: number;
    },
  ) {}

  private gate(id: ExchangeId): RequestSpacing {
    let g = this.gates.get(id);
    if (!g) this.gates.set(id, (g = new RequestSpacing(this.o.settings.minIntervalMs)));
    return g;
  }

  private client(id: ExchangeId): Promise<Exchange> {
    let c = this.clients.get(id);
    if (!c) {
      c = openExchange(id, this.o.settings);
      this.clients.set(id, c);
      c.catch(() => this.clients.delete(id));
    }
    return c;
  }

  /** Why the exchange or a pair cannot be fetched (unknown pair, exchange unreachable), or null. */
  async checkPairs(spec: { exchange: string; pairs: readonly string[] }): Promise<Extract<FetchOutcome, { ok: false }> | null> {
    const id = spec.exchange as ExchangeId;
    const exchange = await this.client(id);
    try {
      await withRetry(retryPolicy(this.o.settings, this.o.sleep), () => this.gate(id).run(() => exchange.loadMarkets()), (err, ms) => this.o.log?.(`fetch: ${id} markets: ${(err as Error).message}; retrying in ${ms} ms`), exchange);
    } catch (err) {
      return { ok: false, status: 503, path: 'exchange', message: `cannot read the markets of ${id}: ${err instanceof Error ? err.message : String(err)}` };
    }
    for (const [i, pair] of spec.pairs.entries()) {
      const market = exchange.markets?.[pair];
      if (!market) return { ok: false, status: 400, path: `pairs[${i}]`, message: `unknown pair "${pair}" on ${id}` };
      if (market.spot !== true) return { ok: false, status: 400, path: `pairs[${i}]`, message: `"${pair}" is not a spot market on ${id}` };
    }
    return null;
  }

  /**
   * Checks every pair against the exchange's markets first (an unknown pair is refused, naming
   * it, before anything is written), then fetches them one after the other.
   */
  async fetch(req: FetchRequest): Promise<FetchOutcome> {
    const id = req.exchange as ExchangeId;
    const retry = retryPolicy(this.o.settings, this.o.sleep);
    const refused = await this.checkPairs(req);
    if (refused) return refused;
    const exchange = await this.client(id);
    const now = (this.o.now?.() ?? new Date()).getTime();
    const results: PairFetchResult[] = [];
    for (const pair of req.pairs) {
      const r = await fetchPair({
        db: this.o.db,
        exchange,
        pair,
        since: req.since ? Date.parse(req.since) : undefined,
        until: req.until ? Date.parse(req.until) : undefined,
        now,
        retry,
        spacing: this.gate(id),
        ...(this.o.pageLimit ? { pageLimit: this.o.pageLimit } : {}),
      });
      this.o.log?.(`fetch: ${id} ${pair}: ${r.received} bars (${r.inserted} new)${r.gaps.length ? `, ${r.gaps.length} gap(s)` : ''}${r.error ? `; stopped: ${r.error}` : ''}`);
      results.push(r);
    }
    const fresh = results.filter((r) => r.inserted > 0).map((r) => r.coin);
    if (fresh.length) this.o.onNewData?.(fresh);
    return { ok: true, exchange: id, timeframe: '5m', pairs: results };
  }
}
