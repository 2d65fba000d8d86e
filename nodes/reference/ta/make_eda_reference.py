#!/usr/bin/python3
"""Reference figures for the EDA nodes, computed with pandas / numpy / scipy (not with coinlab's
code): summary statistics, the return distribution, autocorrelation and correlation matrices
on ../shared/data/market/*-5m.json. Run from the repository root:

    /usr/bin/python3 nodes/reference/ta/make_eda_reference.py

Writes nodes/reference/ta/eda_reference.json, read by nodes/src/eda/*.test.ts.
Conventions: pandas' sample std, skew() and kurt() (bias-corrected, excess), numpy's linear
quantiles; returns are between consecutive rows (pct_change / log of the ratio), as a user of
pandas would compute them; the autocorrelation is statsmodels' unadjusted acf (one mean and
one variance over the whole series), written here with numpy; Jarque-Bera from scipy.
"""
import glob
import json
import os

import numpy as np
import pandas as pd
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
MARKET = os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'market')
OUT = os.path.join(HERE, 'eda_reference.json')


def load(path):
    return pd.DataFrame(json.load(open(path)), columns=['ts', 'open', 'high', 'low', 'close', 'volume'])


def summary(s):
    s = s.dropna()
    q = s.quantile([0.25, 0.5, 0.75])
    return {'count': int(s.count()), 'mean': s.mean(), 'std': s.std(), 'min': s.min(), 'p25': q[0.25], 'median': q[0.5], 'p75': q[0.75], 'max': s.max(), 'skew': s.skew(), 'kurtosis': s.kurt()}


def acf(x, lags):
    x = np.asarray(x, dtype=float)
    d = x - x.mean()
    denom = (d * d).sum()
    return [float((d[:-k] * d[k:]).sum() / denom) for k in range(1, lags + 1)]


def main():
    files = sorted(glob.glob(os.path.join(MARKET, '*-5m.json')))
    out = {'summary': {}, 'returns': {}, 'acf': {}}
    rets = {}
    for path in files:
        coin = os.path.basename(path).replace('-5m.json', '')
        d = load(path)
        out['summary'][coin] = {c: summary(d[c]) for c in ['close', 'volume']}
        log_ret = np.log(d.close / d.close.shift(1)).dropna()
        q = log_ret.quantile([0.01, 0.05, 0.5, 0.95, 0.99])
        out['returns'][coin] = {
            'count': int(log_ret.count()), 'mean': log_ret.mean(), 'std': log_ret.std(), 'skew': log_ret.skew(), 'kurtosis': log_ret.kurt(),
            'min': log_ret.min(), 'max': log_ret.max(), 'p01': q[0.01], 'p05': q[0.05], 'p50': q[0.5], 'p95': q[0.95], 'p99': q[0.99],
            'jarqueBera': float(stats.jarque_bera(log_ret.values).statistic),
        }
        simple = d.close.pct_change().dropna()
        out['acf'][coin] = {'returns': acf(simple.values, 20), 'absReturns': acf(simple.abs().values, 20), 'n': int(len(simple))}
        rets[coin] = pd.Series(d.close.pct_change().values, index=d.ts.values)
    table = pd.concat(rets, axis=1)
    coins = list(table.columns)
    # Coins with no common timestamps (XRP_ETH is from another year) correlate to NaN: null in JSON.
    nulls = lambda m: [[None if np.isnan(v) else v for v in row] for row in m.values.tolist()]
    out['correlation'] = {
        'coins': coins,
        'pearson': nulls(table.corr(method='pearson')),
        'spearman': nulls(table.corr(method='spearman')),
    }
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1, allow_nan=False)
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes)')


if __name__ == '__main__':
    main()
