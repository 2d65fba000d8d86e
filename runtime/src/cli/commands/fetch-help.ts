/** `coinlab fetch --help` (its own module: the help needs neither ccxt nor the database). */
export const FETCH_HELP = `usage: coinlab fetch --pair BASE/QUOTE [--pair ...] [options]

Downloads 5-minute candles from an exchange (public API, no keys) into the lab's market data: page
by page, each page stored as it arrives, without duplicates. Without --since it continues from
the last stored bar (a first fetch takes the last 24 hours), so an interrupted fetch resumes.
Gaps the exchange has are reported. Only the 5m timeframe is stored; others are refused.
  --pair P         a pair as the exchange names it, e.g. ETH/BTC (repeatable; stored as ETH_BTC)
  --exchange ID    exchange (default binance); COINLAB_BINANCE_URL points it at a proxy
  --timeframe TF   only 5m
  --since ISO      first bar to fetch (inclusive), e.g. 2024-01-01T00:00:00Z
  --until ISO      end of the window (exclusive; default now)
  --json           print the result as JSON
  --every CRON     instead of fetching now, create a refresh schedule (e.g. "*/5 * * * *"):
                   each fire fetches the pairs from the last stored bar
  --timezone Z     with --every: the cron's IANA zone (default UTC)
  --name NAME      with --every: the schedule's name
Exit codes: 0 every pair complete, 1 a pair stopped on an error (what it stored stays),
2 invalid input (nothing stored), 3 database or exchange unavailable.`;
