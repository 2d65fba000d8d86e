#!/usr/bin/python3
"""Independent pandas reference for coinlab's long/flat backtest (nodes/src/backtest).

Run from the repository root:  /usr/bin/python3 nodes/reference/backtest/backtest_reference.py > nodes/reference/backtest/expected.json
The TypeScript test (nodes/src/backtest/reference.test.ts) builds the same scores and
compares its figures with expected.json.

Scores: for the last ROWS bars of each coin (from bar 6 on), score = 1 / (1 + exp(1000 * r6))
with r6 = close / close 6 bars earlier - 1 (a mean-reversion toy signal). Rules, written
here in vectorised form (the TypeScript is a loop):
- the position for bar k is the signal of bar k-1 (score >= threshold), taken at bar k's open;
  bars without a score ask for flat; the last simulated bar is flat;
- simulated bars run from the first scored bar to two bars after the last (or the last candle);
- entering costs (1 - fee) / (1 + slippage), leaving (1 - slippage) * (1 - fee);
- the portfolio holds equal capital per coin, not rebalanced; Sharpe and Sortino use per-bar
  portfolio returns annualized by sqrt(365 * 24 * 60 / 5).
"""
import json, math, os, sys
import numpy as np, pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MARKET = os.path.join(ROOT, "..", "shared", "data", "market")
COINS = ["ADA_BTC", "ETH_BTC", "XRP_ETH"]
ROWS, THRESHOLD, FEE, SLIPPAGE, BAR_MINUTES = 1500, 0.5, 0.001, 0.0005, 5


def load(coin):
    rows = json.load(open(os.path.join(MARKET, f"{coin}-5m.json")))
    return pd.DataFrame(rows, columns=["ts", "open", "high", "low", "close", "volume"])


def simulate(coin):
    d = load(coin)
    r6 = d.close / d.close.shift(6) - 1
    score = 1 / (1 + np.exp(1000 * r6))
    first = max(6, len(d) - ROWS)
    score[: first] = np.nan
    scored = score.notna()
    k_start, k_last = scored.idxmax(), scored[::-1].idxmax()
    k_end = min(k_last + 2, len(d) - 1)
    s = d.iloc[k_start : k_end + 1].copy()
    sig = (score.iloc[k_start : k_end + 1] >= THRESHOLD).astype(float)  # NaN >= x is False
    pos = sig.shift(1).fillna(0.0)
    pos.iloc[-1] = 0.0
    prev = pos.shift(1).fillna(0.0)
    growth = 1 + prev * (s.open / s.open.shift(1) - 1).fillna(0.0)
    cost = np.where((pos == 1) & (prev == 0), (1 - FEE) / (1 + SLIPPAGE), 1.0) * np.where((pos == 0) & (prev == 1), (1 - SLIPPAGE) * (1 - FEE), 1.0)
    s["equity"] = (growth * cost).cumprod()
    s["pos"] = pos
    entries = s.index[(pos == 1) & (prev == 0)]
    exits = s.index[(pos == 0) & (prev == 1)]
    trade_ret = [(d.open[x] * (1 - SLIPPAGE)) / (d.open[e] * (1 + SLIPPAGE)) * (1 - FEE) ** 2 - 1 for e, x in zip(entries, exits)]
    return s, trade_ret, d.open[k_end] / d.open[k_start] - 1


sims = {c: simulate(c) for c in COINS}
eq = pd.concat({c: s.set_index("ts").equity for c, (s, _, _) in sims.items()}, axis=1).sort_index()
port = eq.ffill().fillna(1.0).mean(axis=1)
r = port.pct_change().dropna()
ann = math.sqrt(365 * 24 * 60 / BAR_MINUTES)
trades = [t for _, tr, _ in sims.values() for t in tr]
held = sum(s.pos.iloc[:-1].sum() for s, _, _ in sims.values())
bars = sum(len(s) - 1 for s, _, _ in sims.values())
stats = {
    "totalReturn": port.iloc[-1] - 1,
    "sharpe": r.mean() / r.std() * ann,
    "sortino": r.mean() / math.sqrt((r.clip(upper=0) ** 2).mean()) * ann,
    "maxDrawdown": (1 - port / port.cummax()).max(),
    "winRate": sum(t > 0 for t in trades) / len(trades),
    "trades": len(trades),
    "exposure": held / bars,
    "avgTradeReturn": float(np.mean(trades)),
    "buyHoldReturn": float(np.mean([bh for _, _, bh in sims.values()])),
    "bars": len(r),
}
out = {
    "params": {"coins": COINS, "rows": ROWS, "threshold": THRESHOLD, "fee": FEE, "slippage": SLIPPAGE, "barMinutes": BAR_MINUTES},
    "stats": {k: float(v) for k, v in stats.items()},
    "coins": {c: {"bars": len(s), "finalEquity": float(s.equity.iloc[-1]), "trades": len(tr)} for c, (s, tr, _) in sims.items()},
    "portfolioSample": [[int(t), float(v)] for t, v in list(port.items())[:: max(1, len(port) // 20)]],
    "versions": {"pandas": pd.__version__, "numpy": np.__version__},
}
print(json.dumps(out, indent=1))
