#!/usr/bin/python3
"""scikit-learn on the exact matrices coinlab trains on, for nodes/src/ml/perf.manual.ts.

Usage: /usr/bin/python3 sklearn_bench.py DIR
DIR holds meta.json ({"rows_train", "rows_test", "cols"}) and little-endian float64 files
Xtr.f64, ytr.f64, Xte.f64, yte.f64 (row-major). Prints one JSON object: seconds and AUCs of
StandardScaler + LogisticRegression() and RandomForestClassifier(100 trees, depth 10, n_jobs=-1),
the peer pipeline's settings.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

d = sys.argv[1]
meta = json.load(open(os.path.join(d, "meta.json")))
load = lambda name, shape: np.fromfile(os.path.join(d, name), dtype="<f8").reshape(shape)
Xtr = load("Xtr.f64", (meta["rows_train"], meta["cols"]))
Xte = load("Xte.f64", (meta["rows_test"], meta["cols"]))
ytr = load("ytr.f64", (meta["rows_train"],))
yte = load("yte.f64", (meta["rows_test"],))
out = {}
t = time.perf_counter()
sc = StandardScaler().fit(Xtr)
lr = LogisticRegression(max_iter=1000).fit(sc.transform(Xtr), ytr)
out["lr_seconds"] = time.perf_counter() - t
out["lr_auc"] = roc_auc_score(yte, lr.predict_proba(sc.transform(Xte))[:, 1])
t = time.perf_counter()
rf = RandomForestClassifier(n_estimators=100, max_depth=10, n_jobs=int(os.environ.get("PEER_JOBS", "-1")), random_state=0).fit(Xtr, ytr)
out["rf_seconds"] = time.perf_counter() - t
t = time.perf_counter()
p = rf.predict_proba(Xte)[:, 1]
out["rf_predict_seconds"] = time.perf_counter() - t
out["rf_auc"] = roc_auc_score(yte, p)
print(json.dumps(out))
