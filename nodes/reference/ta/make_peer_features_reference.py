#!/usr/bin/python3
"""Reference values for the feature-set node's pandas conventions: the 12 features and the
target of the peer pipeline (../shared/bench/peer_pipeline.py), computed by that script's own
`features` function on every ../shared/data/market/*-5m.json file.

The function is read from the peer script with `ast` and executed as it stands, so this
reference is exactly what the benchmark's peer computes (nothing is re-typed here). Run from
the repository root:

    /usr/bin/python3 nodes/reference/ta/make_peer_features_reference.py

Writes nodes/reference/ta/peer_features_reference.json with, per file: the row count, which
rows the peer keeps (finite features and a defined target), the sum of each feature and of
the target over the kept rows, and every feature's value at a stride of kept rows.
"""
import ast
import glob
import json
import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..', '..', '..', 'shared')
PEER = os.path.join(ROOT, 'bench', 'peer_pipeline.py')
OUT = os.path.join(HERE, 'peer_features_reference.json')
STRIDE = 37


def load_peer_features():
    tree = ast.parse(open(PEER).read())
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == 'features')
    scope = {'pd': pd, 'np': np}
    exec(compile(ast.Module(body=[fn], type_ignores=[]), PEER, 'exec'), scope)
    return scope['features']


def main():
    features = load_peer_features()
    files = sorted(glob.glob(os.path.join(ROOT, 'data', 'market', '*-5m.json')))
    out = {'peer': 'bench/peer_pipeline.py', 'stride': STRIDE, 'files': {}}
    for path in files:
        d = pd.DataFrame(json.load(open(path)), columns=['ts', 'open', 'high', 'low', 'close', 'volume'])
        f, y = features(d)
        ok = f.notna().all(axis=1) & y.notna() & np.isfinite(f).all(axis=1)
        kept = np.flatnonzero(ok.values)
        fk, yk = f[ok], y[ok]
        samples = list(range(0, len(kept), STRIDE))
        out['files'][os.path.basename(path)] = {
            'rows': len(d),
            'kept': len(kept),
            'firstKept': int(kept[0]),
            'lastKept': int(kept[-1]),
            # rows dropped between the first and the last kept row (non-finite features)
            'droppedInside': [int(i) for i in range(kept[0], kept[-1] + 1) if not ok.values[i]],
            'positiveRate': float(yk.mean()),
            'sums': {c: float(fk[c].sum()) for c in f.columns} | {'target': float(yk.sum())},
            'sampleRows': [int(kept[i]) for i in samples],
            'samples': {c: [float('%.15g' % fk[c].iloc[i]) for i in samples] for c in f.columns} | {'target': [float(yk.iloc[i]) for i in samples]},
        }
        print(f'{os.path.basename(path)}: {len(kept)} of {len(d)} rows kept', file=sys.stderr)
    with open(OUT, 'w') as fh:
        json.dump(out, fh, separators=(',', ':'))
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes)', file=sys.stderr)


if __name__ == '__main__':
    main()
