import { describe, expect, it } from 'vitest';
import type { Exchange } from 'ccxt';
import { withRetry, type RetryPolicy } from './retry';
import { exchangeSettingsFromEnv } from './exchange';
import { GarbledReply } from './fetch-pair';

// Back-off without waiting: the sleeps are recorded, not slept.
const policy = (waits: number[], retries = 4): RetryPolicy => ({ retries, baseMs: 100, maxMs: 1000, sleep: async (ms) => void waits.push(ms) });
const failing = (errors: Error[]) => {
  let n = 0;
  return async () => {
    const e = errors[n++];
    if (e) throw e;
    return 'ok';
  };
};

describe('withRetry', () => {
  it('backs off exponentially up to the ceiling after passing failures, then succeeds', async () => {
    const ccxt = await import('ccxt');
    const waits: number[] = [];
    const errors = [new ccxt.ExchangeNotAvailable('503'), new ccxt.RequestTimeout('slow'), new GarbledReply('<html>'), new ccxt.NetworkError('reset'), new ccxt.ExchangeNotAvailable('503 again')];
    await expect(withRetry(policy(waits, 5), failing(errors), () => {})).resolves.toBe('ok');
    expect(waits).toEqual([100, 200, 400, 800, 1000]);
  });
  it('waits what the exchange asked for in Retry-After', async () => {
    const ccxt = await import('ccxt');
    const waits: number[] = [];
    const exchange = { last_response_headers: { 'Retry-After': '0.5' } } as unknown as Exchange;
    await withRetry(policy(waits), failing([new ccxt.DDoSProtection('429')]), () => {}, exchange);
    expect(waits).toEqual([500]);
  });
  it('gives up after its retries, and never retries a refusal', async () => {
    const ccxt = await import('ccxt');
    const waits: number[] = [];
    await expect(withRetry(policy(waits, 2), failing([1, 2, 3].map(() => new ccxt.ExchangeNotAvailable('down'))), () => {})).rejects.toThrow('down');
    expect(waits).toHaveLength(2);
    await expect(withRetry(policy(waits), failing([new ccxt.BadSymbol('no such pair')]), () => {})).rejects.toThrow('no such pair');
    expect(waits).toHaveLength(2);
  });
});

describe('exchangeSettingsFromEnv', () => {
  it('reads the base URL, the request floor and the retries; ignores nonsense', () => {
    expect(exchangeSettingsFromEnv({ COINLAB_BINANCE_URL: 'http://proxy:8080/', COINLAB_EXCHANGE_MIN_INTERVAL_MS: '250', COINLAB_EXCHANGE_RETRIES: '0' })).toMatchObject({ baseUrls: { binance: 'http://proxy:8080' }, minIntervalMs: 250, retries: 0 });
    expect(exchangeSettingsFromEnv({ COINLAB_EXCHANGE_MIN_INTERVAL_MS: 'fast', COINLAB_EXCHANGE_RETRIES: '-1' })).toMatchObject({ baseUrls: {}, minIntervalMs: 0, retries: 5 });
  });
});
