import { describe, expect, it } from 'vitest';
import { parsePairs } from './data-automations-api';

describe('parsePairs', () => {
  it('splits on commas and spaces and writes pairs in capitals', () => {
    expect(parsePairs('ETH/BTC, zec/btc  ADA/BTC,')).toEqual(['ETH/BTC', 'ZEC/BTC', 'ADA/BTC']);
    expect(parsePairs('  ')).toEqual([]);
  });
});
