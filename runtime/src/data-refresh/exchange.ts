import type { Exchange } from 'ccxt';

/** Exchanges `coinlab fetch` knows how to point at (public OHLCV only, no keys). */
export const EXCHANGES = ['binance'] as const;
export type ExchangeId = (typeof EXCHANGES)[number];

/** Where each exchange's public API lives by default; COINLAB_<EXCHANGE>_URL replaces it (a proxy, a mirror, a test server). */
const DEFAULT_ORIGINS: Record<ExchangeId, string> = { binance: 'https://api.binance.com' };

export interface ExchangeSettings {
  /** Per exchange: the origin (scheme://host[:port]) to send requests to instead of the real one. */
  baseUrls: Partial<Record<ExchangeId, string>>;
  /**
   * Least time between two requests to one exchange, on top of ccxt's throttle (which spaces
   * requests by the exchange's own weights); 0 = ccxt's throttle alone.
   */
  minIntervalMs: number;
  /** Attempts per page after a rate-limit answer, a 5xx or a garbled reply (default 5). */
  retries: number;
  /** First back-off wait; doubled each retry unless the exchange says Retry-After (default 1000 ms). */
  retryBaseMs: number;
  /** Longest wait before one retry (default 60 s). */
  retryMaxMs: number;
}

export const DEFAULT_EXCHANGE_SETTINGS: ExchangeSettings = { baseUrls: {}, minIntervalMs: 0, retries: 5, retryBaseMs: 1000, retryMaxMs: 60_000 };

/** Settings from the environment: COINLAB_BINANCE_URL, COINLAB_EXCHANGE_MIN_INTERVAL_MS, COINLAB_EXCHANGE_RETRIES. */
export function exchangeSettingsFromEnv(env: NodeJS.ProcessEnv): ExchangeSettings {
  const baseUrls: ExchangeSettings['baseUrls'] = {};
  for (const id of EXCHANGES) {
    const url = env[`COINLAB_${id.toUpperCase()}_URL`]?.trim();
    if (url) baseUrls[id] = url.replace(/\/+$/, '');
  }
  const interval = Number(env.COINLAB_EXCHANGE_MIN_INTERVAL_MS);
  const retries = Number(env.COINLAB_EXCHANGE_RETRIES);
  return {
    ...DEFAULT_EXCHANGE_SETTINGS,
    baseUrls,
    ...(Number.isFinite(interval) && interval > 0 ? { minIntervalMs: interval } : {}),
    ...(env.COINLAB_EXCHANGE_RETRIES?.trim() && Number.isInteger(retries) && retries >= 0 ? { retries } : {}),
  };
}

/** Replaces the default origin in every URL of ccxt's `urls.api` (nested), so each endpoint goes to `origin`. */
function rebase(value: unknown, from: string, origin: string): unknown {
  if (typeof value === 'string') return value.startsWith(from) ? origin + value.slice(from.length) : value;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebase(v, from, origin)]));
  return value;
}

/**
 * A ccxt client for the exchange's public API, its throttle on (enableRateLimit: requests are
 * spaced by the exchange's request weights), spot markets only. ccxt is large: it is loaded on first use.
 */
export async function openExchange(id: ExchangeId, settings: ExchangeSettings): Promise<Exchange> {
  const ccxt = await import('ccxt');
  const exchange: Exchange = new ccxt[id]({
    enableRateLimit: true,
    enableLastJsonResponse: true,
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] } },
  });
  const origin = settings.baseUrls[id];
  if (origin) exchange.urls['api'] = rebase(exchange.urls['api'], DEFAULT_ORIGINS[id], origin) as typeof exchange.urls.api;
  return exchange;
}
