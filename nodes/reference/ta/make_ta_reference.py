#!/usr/bin/python3
"""Independent reference values for coinlab's indicator nodes, in TA-Lib's conventions.

Written with plain Python loops from the published definitions (TA-Lib's algorithms as its
C sources describe them), sharing no code with the TypeScript implementation. Run from the
repository root:

    /usr/bin/python3 nodes/reference/ta/make_ta_reference.py

It reads ../shared/data/market/ETH_BTC-5m.json and writes nodes/reference/ta/ta_reference.json,
which nodes/src/indicator/*.test.ts compare against (relative error <= 1e-6 from bar 100 on,
and the warm-up alignment exactly). The script also cross-checks a few of its own outputs
with pandas where the conventions agree, so the reference is not trusted unchecked either.

Conventions (see README.md for the differences from other libraries):
- outputs are aligned with the input; None (JSON null) during the warm-up;
- EMA: alpha = 2/(n+1), seeded with the simple mean of its first n values;
- MACD: TA-Lib starts both EMAs at bar slow-1; the fast EMA is seeded with the mean of the
  `fast` bars ending there. The line, signal and histogram all start at bar slow+signal-2;
- RSI and ATR: Wilder smoothing avg = (avg*(n-1) + x)/n, seeded with the simple mean of the
  first n changes (RSI) / true ranges from bar 1 (ATR);
- Bollinger Bands: SMA middle, population standard deviation (divide by n);
- Stochastic: fast %K = 100 (close - lowest low)/(highest high - lowest low) over k bars,
  slow %K = SMA of fast %K, %D = SMA of slow %K; both output from the total warm-up;
- OBV starts with the first bar's volume; ROC = (close/close[n bars ago] - 1) * 100.
TA-Lib's epsilon checks (a variance below 1e-8 becomes 0; gain+loss below 1e-8 gives RSI 0)
are NOT reproduced: they flatten Bollinger Bands and RSI of BTC-quoted pairs whose prices are
far below 1, so this reference computes the exact arithmetic.
"""
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'market', 'ETH_BTC-5m.json')
OUT = os.path.join(HERE, 'ta_reference.json')
FULL = 1500
STRIDE = 10


def mean(xs):
    s = 0.0
    for x in xs:
        s += x
    return s / len(xs)


def sma(x, n):
    out = [None] * len(x)
    for i in range(n - 1, len(x)):
        out[i] = mean(x[i - n + 1:i + 1])
    return out


def ema_seeded(x, n, seed_end):
    """EMA whose seed is the mean of the n values ending at index seed_end."""
    k = 2.0 / (n + 1)
    out = [None] * len(x)
    prev = mean(x[seed_end - n + 1:seed_end + 1])
    out[seed_end] = prev
    for i in range(seed_end + 1, len(x)):
        prev = (x[i] - prev) * k + prev
        out[i] = prev
    return out


def ema(x, n):
    return ema_seeded(x, n, n - 1)


def macd(x, fast, slow, signal):
    start = slow - 1
    f = ema_seeded(x, fast, start)
    s = ema_seeded(x, slow, start)
    line = [None] * len(x)
    for i in range(start, len(x)):
        line[i] = f[i] - s[i]
    first = start + signal - 1
    sig = [None] * len(x)
    prev = mean(line[start:first + 1])
    sig[first] = prev
    k = 2.0 / (signal + 1)
    for i in range(first + 1, len(x)):
        prev = (line[i] - prev) * k + prev
        sig[i] = prev
    out_line = [None] * len(x)
    hist = [None] * len(x)
    for i in range(first, len(x)):
        out_line[i] = line[i]
        hist[i] = line[i] - sig[i]
    return out_line, sig, hist


def rsi(x, n):
    out = [None] * len(x)
    gain = 0.0
    loss = 0.0
    for i in range(1, n + 1):
        d = x[i] - x[i - 1]
        if d < 0:
            loss -= d
        else:
            gain += d
    gain /= n
    loss /= n
    out[n] = 100.0 * gain / (gain + loss) if gain + loss != 0 else 0.0
    for i in range(n + 1, len(x)):
        d = x[i] - x[i - 1]
        g = d if d > 0 else 0.0
        l = -d if d < 0 else 0.0
        gain = (gain * (n - 1) + g) / n
        loss = (loss * (n - 1) + l) / n
        out[i] = 100.0 * gain / (gain + loss) if gain + loss != 0 else 0.0
    return out


def true_range(h, l, c):
    out = [None] * len(c)
    for i in range(1, len(c)):
        out[i] = max(h[i] - l[i], abs(h[i] - c[i - 1]), abs(l[i] - c[i - 1]))
    return out


def atr(h, l, c, n):
    tr = true_range(h, l, c)
    out = [None] * len(c)
    prev = mean(tr[1:n + 1])
    out[n] = prev
    for i in range(n + 1, len(c)):
        prev = (prev * (n - 1) + tr[i]) / n
        out[i] = prev
    return out


def bbands(x, n, up, dn):
    mid = sma(x, n)
    upper = [None] * len(x)
    lower = [None] * len(x)
    for i in range(n - 1, len(x)):
        m = mid[i]
        ss = 0.0
        for j in range(i - n + 1, i + 1):
            ss += (x[j] - m) ** 2
        sd = math.sqrt(ss / n)
        upper[i] = m + up * sd
        lower[i] = m - dn * sd
    return upper, mid, lower


def stoch(h, l, c, k_period, k_slow, d_period):
    fast = [None] * len(c)
    for i in range(k_period - 1, len(c)):
        hh = max(h[i - k_period + 1:i + 1])
        ll = min(l[i - k_period + 1:i + 1])
        fast[i] = 100.0 * (c[i] - ll) / (hh - ll) if hh != ll else 0.0
    slow_k = [None] * len(c)
    for i in range(k_period - 1 + k_slow - 1, len(c)):
        slow_k[i] = mean(fast[i - k_slow + 1:i + 1])
    first = k_period - 1 + k_slow - 1 + d_period - 1
    d = [None] * len(c)
    k_out = [None] * len(c)
    for i in range(first, len(c)):
        d[i] = mean(slow_k[i - d_period + 1:i + 1])
        k_out[i] = slow_k[i]
    return k_out, d


def obv(c, v):
    out = [None] * len(c)
    acc = v[0]
    out[0] = acc
    for i in range(1, len(c)):
        if c[i] > c[i - 1]:
            acc += v[i]
        elif c[i] < c[i - 1]:
            acc -= v[i]
        out[i] = acc
    return out


def roc(x, n):
    out = [None] * len(x)
    for i in range(n, len(x)):
        out[i] = (x[i] / x[i - n] - 1.0) * 100.0 if x[i - n] != 0 else 0.0
    return out


def cross_check_with_pandas(close, high, low, volume, series):
    """Where pandas shares the convention, it must agree with the loops above."""
    try:
        import pandas as pd
    except ImportError:
        print('pandas not installed: cross-check skipped', file=sys.stderr)
        return
    c = pd.Series(close)

    def agree(name, ours, theirs, start):
        worst = 0.0
        for i in range(start, len(close)):
            a, b = ours[i], float(theirs[i])
            worst = max(worst, abs(a - b) / max(abs(b), 1e-300))
        assert worst < 1e-9, f'{name}: pandas disagrees (relative {worst})'
        print(f'pandas agrees on {name}: worst relative difference {worst:.1e}', file=sys.stderr)

    agree('sma_20', series['sma_20'], c.rolling(20).mean(), 19)
    agree('bb_upper', series['bb_upper'], c.rolling(20).mean() + 2 * c.rolling(20).std(ddof=0), 19)
    agree('roc_10', series['roc_10'], c.pct_change(10) * 100, 10)
    sign = c.diff().apply(lambda d: 1 if d > 0 else (-1 if d < 0 else 0))
    agree('obv', series['obv'], (sign * pd.Series(volume)).fillna(0).cumsum() + volume[0], 0)
    tr = pd.concat([pd.Series(high) - pd.Series(low), (pd.Series(high) - c.shift()).abs(), (pd.Series(low) - c.shift()).abs()], axis=1).max(axis=1)
    agree('true_range', series['true_range'], tr, 1)
    # The EMA seeded with an SMA is pandas' adjust=False EMA started on the SMA seed.
    seeded = pd.concat([pd.Series([series['ema_20'][19]]), c.iloc[20:]]).ewm(span=20, adjust=False).mean()
    agree('ema_20', series['ema_20'], [None] * 19 + list(seeded), 19)


def main():
    rows = json.load(open(DATA))
    close = [float(r[4]) for r in rows]
    high = [float(r[2]) for r in rows]
    low = [float(r[3]) for r in rows]
    volume = [float(r[5]) for r in rows]
    series = {}
    series['sma_20'] = sma(close, 20)
    series['ema_20'] = ema(close, 20)
    series['ema_12'] = ema(close, 12)
    series['rsi_14'] = rsi(close, 14)
    series['macd'], series['macd_signal'], series['macd_hist'] = macd(close, 12, 26, 9)
    series['bb_upper'], series['bb_middle'], series['bb_lower'] = bbands(close, 20, 2.0, 2.0)
    series['true_range'] = true_range(high, low, close)
    series['atr_14'] = atr(high, low, close, 14)
    series['stoch_k'], series['stoch_d'] = stoch(high, low, close, 14, 3, 3)
    series['stoch_fast_k'], series['stoch_fast_d'] = stoch(high, low, close, 14, 1, 3)
    series['obv'] = obv(close, volume)
    series['roc_10'] = roc(close, 10)
    cross_check_with_pandas(close, high, low, volume, series)

    # Every bar of the first FULL (warm-up, alignment and the first 1400 checked bars), then
    # every STRIDE-th bar to the end (drift over the whole file), at 11 significant digits:
    # enough for a 1e-6 relative check and a file a tenth the size of all values.
    index = [i for i in range(len(close)) if i < FULL or i % STRIDE == 0]

    def compact(v):
        return None if v is None else float('%.11g' % v)

    doc = {
        'source': 'ETH_BTC-5m.json',
        'rows': len(close),
        'params': {
            'sma_20': {'period': 20}, 'ema_20': {'period': 20}, 'ema_12': {'period': 12}, 'rsi_14': {'period': 14},
            'macd': {'fast': 12, 'slow': 26, 'signal': 9}, 'bbands': {'period': 20, 'stdUp': 2, 'stdDown': 2},
            'atr_14': {'period': 14}, 'stoch': {'kPeriod': 14, 'kSmoothing': 3, 'dPeriod': 3},
            'stoch_fast': {'kPeriod': 14, 'kSmoothing': 1, 'dPeriod': 3}, 'roc_10': {'period': 10},
        },
        'digits': 11,
        'index': index,
        'series': {k: [compact(vs[i]) for i in index] for k, vs in series.items()},
    }
    with open(OUT, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes)', file=sys.stderr)


if __name__ == '__main__':
    main()
