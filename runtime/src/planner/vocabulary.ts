/**
 * Words the offline planner understands. Kept as data so a missed phrasing is a one-line
 * fix with a test, not a new branch of code.
 */

/** Names and tickers of common coins -> ticker. Tickers not in the data still count: "SOL" is an unknown coin, not noise. */
export const COIN_ALIASES: Record<string, string> = {
  bitcoin: 'BTC', btc: 'BTC', xbt: 'BTC',
  ethereum: 'ETH', ether: 'ETH', eth: 'ETH',
  cardano: 'ADA', ada: 'ADA',
  dash: 'DASH', dashcoin: 'DASH',
  litecoin: 'LTC', ltc: 'LTC',
  tron: 'TRX', trx: 'TRX',
  stellar: 'XLM', lumens: 'XLM', xlm: 'XLM',
  ripple: 'XRP', xrp: 'XRP',
  solana: 'SOL', sol: 'SOL',
  dogecoin: 'DOGE', doge: 'DOGE',
  bnb: 'BNB', binance: 'BNB',
  polkadot: 'DOT', dot: 'DOT',
  avalanche: 'AVAX', avax: 'AVAX',
  monero: 'XMR', xmr: 'XMR',
  chainlink: 'LINK', link: 'LINK',
  tether: 'USDT', usdt: 'USDT',
  usdc: 'USDC',
  neo: 'NEO', eos: 'EOS', iota: 'IOTA', zcash: 'ZEC', zec: 'ZEC',
  polygon: 'MATIC', matic: 'MATIC', shiba: 'SHIB', shib: 'SHIB', pepe: 'PEPE', toncoin: 'TON',
};

/** Lower-case words that are also tickers but too common in English to count on their own. */
export const AMBIGUOUS_LOWERCASE = new Set(['dash', 'link', 'dot', 'sol', 'neo', 'ether', 'binance']);

/** Words that say "a move" without saying which way. */
export const EITHER_WAY_WORDS = ['move', 'moves', 'moving', 'change', 'changes', 'swing', 'swings', 'fluctuate', 'fluctuates', 'either way', 'up or down', 'rise or fall', 'rises or falls', 'in either direction'];
