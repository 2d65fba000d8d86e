import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MARKET_DIR } from './paths';

/** One candle as the fake exchange holds it: [open time ms, open, high, low, close, volume]. */
export type FakeCandle = [number, number, number, number, number, number];

/** What the fake answers instead of the data, for one klines request. */
export type Fault = { kind: 'rate-limit'; retryAfterS: number } | { kind: 'server-error' } | { kind: 'garbage' } | { kind: 'bad-rows' };

export interface FakeRequest {
  path: string;
  query: Record<string, string>;
  at: number;
  /** When the answer was written (after `replyDelayMs`). */
  repliedAt?: number;
}

export interface FakeExchange {
  /** Base URL to put in place of https://api.binance.com. */
  url: string;
  requests: FakeRequest[];
  /** Klines requests so far (faulted ones included). */
  klinesCount(): number;
  /** Candles per exchange symbol (e.g. "ETHBTC"); tests add bars here to make "new data". */
  candles: Map<string, FakeCandle[]>;
  /** Decides, for the n-th klines request (from 1), whether it fails instead. */
  faults: (n: number) => Fault | undefined;
  /** How long every answer takes to come back (0 by default). */
  replyDelayMs: number;
  close(): Promise<void>;
}

/**
 * A local stand-in for Binance's public spot API — only what ccxt reads to fetch candles:
 * GET /api/v3/exchangeInfo (the markets) and GET /api/v3/klines (OHLCV), paginated like the
 * real one (startTime inclusive, at most `maxLimit` bars a page). It can answer 429 with
 * Retry-After, 5xx, non-JSON garbage and nonsense rows, so tests never touch the internet.
 */
export async function startFakeExchange(o: { symbols: Record<string, FakeCandle[]>; maxLimit?: number }): Promise<FakeExchange> {
  const maxLimit = o.maxLimit ?? 1000;
  const candles = new Map(Object.entries(o.symbols));
  const requests: FakeRequest[] = [];
  let klines = 0;
  const fake: FakeExchange = {
    url: '',
    requests,
    klinesCount: () => klines,
    candles,
    faults: () => undefined,
    replyDelayMs: 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  let current: FakeRequest | undefined;
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const request = current;
    const write = () => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
      if (request) request.repliedAt = Date.now();
    };
    if (fake.replyDelayMs > 0) setTimeout(write, fake.replyDelayMs);
    else write();
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(u.searchParams);
    current = { path: u.pathname, query, at: Date.now() };
    requests.push(current);
    if (u.pathname === '/api/v3/exchangeInfo') return send(res, 200, exchangeInfo([...candles.keys()]));
    if (u.pathname === '/api/v3/klines') {
      klines += 1;
      const fault = fake.faults(klines);
      if (fault?.kind === 'rate-limit') return send(res, 429, { code: -1003, msg: 'Too many requests; current limit is 1200 request weight per 1 MINUTE.' }, { 'retry-after': String(fault.retryAfterS) });
      if (fault?.kind === 'server-error') return send(res, 503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
      if (fault?.kind === 'garbage') return send(res, 200, '<html><body>upstream gateway confused</body></html>', { 'content-type': 'text/html' });
      const rows = candles.get(query.symbol ?? '');
      if (!rows) return send(res, 400, { code: -1121, msg: 'Invalid symbol.' });
      const start = Number(query.startTime ?? 0);
      const end = query.endTime !== undefined ? Number(query.endTime) : Infinity;
      const limit = Math.min(Number(query.limit ?? 500), maxLimit);
      const page = rows.filter((r) => r[0] >= start && r[0] <= end).slice(0, limit);
      if (fault?.kind === 'bad-rows') return send(res, 200, page.map((r) => klineOf([r[0], r[1], r[3] / 2, r[3], r[4], -1])));
      return send(res, 200, page.map(klineOf));
    }
    return send(res, 404, { code: -1, msg: `no route ${u.pathname}` });
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

const klineOf = ([t, o, h, l, c, v]: FakeCandle) => [t, String(o), String(h), String(l), String(c), String(v), t + 299_999, String(v * c), 10, '0', '0', '0'];

function exchangeInfo(symbols: string[]) {
  return {
    timezone: 'UTC',
    serverTime: Date.now(),
    rateLimits: [],
    exchangeFilters: [],
    symbols: symbols.map((symbol) => {
      const [base, quote] = splitSymbol(symbol);
      return {
        symbol,
        status: 'TRADING',
        baseAsset: base,
        baseAssetPrecision: 8,
        quoteAsset: quote,
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        orderTypes: ['LIMIT', 'MARKET'],
        icebergAllowed: true,
        ocoAllowed: true,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: false,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: '0.00000100', maxPrice: '100000.00000000', tickSize: '0.00000100' },
          { filterType: 'LOT_SIZE', minQty: '0.00010000', maxQty: '100000.00000000', stepSize: '0.00010000' },
        ],
        permissions: ['SPOT'],
        permissionSets: [['SPOT']],
      };
    }),
  };
}

const QUOTES = ['USDT', 'BTC', 'ETH', 'BNB'];
function splitSymbol(symbol: string): [string, string] {
  const quote = QUOTES.find((q) => symbol.endsWith(q) && symbol.length > q.length) ?? symbol.slice(-3);
  return [symbol.slice(0, symbol.length - quote.length), quote];
}

/** The first `bars` 5-minute candles of ../shared/data/market/<COIN>-5m.json (e.g. "ETH_BTC"). */
export function marketCandles(coin: string, bars: number): FakeCandle[] {
  const all = JSON.parse(readFileSync(path.join(MARKET_DIR, `${coin}-5m.json`), 'utf8')) as FakeCandle[];
  return all.slice(0, bars);
}
