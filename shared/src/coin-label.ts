/**
 * Coins whose stored symbol is not a trading pair, with the name people read. Stored symbols
 * (database keys, params) stay as they are; only what is shown changes.
 */
const COIN_LABELS: Readonly<Record<string, string>> = {
  DEMO_SP500_DAILY: 'S&P 500 daily (demo)',
};

/** The name a person reads for a stored coin symbol: "ETH_BTC" -> "ETH/BTC", "DEMO_SP500_DAILY" -> "S&P 500 daily (demo)". */
export function coinLabel(coin: string): string {
  const known = COIN_LABELS[coin];
  if (known) return known;
  const parts = coin.split('_');
  return parts.length === 2 && parts.every((p) => /^[A-Z0-9]{1,12}$/.test(p)) ? `${parts[0]}/${parts[1]}` : coin;
}
