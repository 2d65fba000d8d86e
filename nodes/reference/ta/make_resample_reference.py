#!/usr/bin/python3
"""Reference OHLCV resampling with pandas, for the load-candles and resample nodes: ADA_BTC
(which has gaps, the largest 34 bars) 5-minute candles to 15m, 1h, 4h and 1d bars, and ETH_BTC
(no gaps) to 1h, 4h and 1d,
aligned to UTC midnight (origin='epoch', left-closed, labelled by the bar open), aggregated
first open, max high, min low, last close, summed volume, with the number of 5-minute bars in
each bucket so tests can check which bars are complete. Empty buckets (inside a gap) are
left out. Run from the repository root:

    /usr/bin/python3 nodes/reference/ta/make_resample_reference.py
"""
import json
import os

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
MARKET = os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'market')
OUT = os.path.join(HERE, 'resample_reference.json')
RULES = {'15m': '15min', '1h': '1h', '4h': '4h', '1d': '1D'}


def main():
    out = {}
    for coin in ['ADA_BTC', 'ETH_BTC']:
        d = pd.DataFrame(json.load(open(os.path.join(MARKET, f'{coin}-5m.json'))), columns=['ts', 'open', 'high', 'low', 'close', 'volume'])
        d.index = pd.to_datetime(d.ts, unit='ms', utc=True)
        out[coin] = {}
        for name, rule in RULES.items():
            if coin == 'ETH_BTC' and name == '15m':
                continue  # ADA_BTC covers 15m; keeps the file small
            r = d.resample(rule, origin='epoch', label='left', closed='left').agg({'open': 'first', 'high': 'max', 'low': 'min', 'close': 'last', 'volume': 'sum', 'ts': 'count'})
            r = r[r.ts > 0]
            out[coin][name] = {
                'ts': [int(t.value // 1_000_000) for t in r.index],
                'open': r.open.tolist(), 'high': r.high.tolist(), 'low': r.low.tolist(), 'close': r.close.tolist(),
                'volume': [float('%.12g' % v) for v in r.volume], 'count': r.ts.astype(int).tolist(),
            }
    with open(OUT, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes)')


if __name__ == '__main__':
    main()
