#!/usr/bin/python3
"""Reference numbers from scikit-learn for the coinlab ML library (nodes/src/ml).

Writes nodes/reference/ml-reference.json next to this script. Every dataset is generated
here deterministically (numpy RandomState) or derived from ../shared/data/market/ETH_BTC-5m.json
with simple features the TypeScript tests recompute, and is stored in the JSON, so the tests
never need Python. Run from the repository root:

    /usr/bin/python3 nodes/reference/make_ml_reference.py

Linear models are solved to tight tolerances here (sklearn's defaults stop at tol=1e-4) so
that the tests can compare coefficients to ~1e-6 relative.
"""
import json
import os
import subprocess
import sys
import warnings

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.datasets import make_friedman1
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import (accuracy_score, average_precision_score, brier_score_loss, confusion_matrix,
                             f1_score, log_loss, mean_absolute_error, mean_squared_error,
                             precision_recall_curve, precision_score, r2_score, recall_score,
                             roc_auc_score, roc_curve)
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
MARKET = os.path.join(HERE, "..", "..", "..", "shared", "data", "market", "ETH_BTC-5m.json")


def lst(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def rows(a):
    return [lst(r) for r in np.asarray(a, dtype=float)]


def fit_lr(X, y, C, class_weight=None, sample_weight=None):
    """sklearn LR solved to convergence: newton-cholesky, checked against newton-cg and
    against the gradient of the objective computed here."""
    a = LogisticRegression(C=C, class_weight=class_weight, solver="newton-cholesky", tol=1e-12, max_iter=1000)
    a.fit(X, y, sample_weight=sample_weight)
    b = LogisticRegression(C=C, class_weight=class_weight, solver="newton-cg", tol=1e-12, max_iter=10000)
    b.fit(X, y, sample_weight=sample_weight)
    gap = np.max(np.abs(np.r_[a.coef_.ravel(), a.intercept_] - np.r_[b.coef_.ravel(), b.intercept_]))
    assert gap < 1e-8, f"solvers disagree by {gap}"
    s = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    if class_weight == "balanced":
        s = s * np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    elif isinstance(class_weight, dict):
        s = s * np.where(y == 1, class_weight.get(1, 1.0), class_weight.get(0, 1.0))
    pr = 1 / (1 + np.exp(-(X @ a.coef_.ravel() + a.intercept_[0])))
    g = np.r_[X.T @ (s * (pr - y)) + a.coef_.ravel() / C, np.sum(s * (pr - y))] / s.sum()
    assert np.max(np.abs(g)) < 1e-10, f"gradient {np.max(np.abs(g))}"
    return a


def lr_case(name, Xtr, ytr, Xte, C, class_weight=None, sample_weight=None):
    sc = StandardScaler().fit(Xtr)
    m = fit_lr(sc.transform(Xtr), ytr, C, class_weight, sample_weight)
    return {
        "name": name, "C": C, "classWeight": class_weight, "sampleWeight": None if sample_weight is None else lst(sample_weight),
        "scalerMean": lst(sc.mean_), "scalerStd": lst(sc.scale_),
        "coef": lst(m.coef_), "intercept": float(m.intercept_[0]),
        "probaTest": lst(m.predict_proba(sc.transform(Xte))[:, 1]),
    }


def synthetic_classification():
    rs = np.random.RandomState(7)
    n, p = 400, 5
    Z = rs.normal(size=(n, p))
    X = Z @ np.array([[1, .5, 0, 0, 0], [0, 1, .3, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 2, 0], [0, 0, 0, 0, .01]]).T
    X = X * np.array([1, 10, .1, 3, 1]) + np.array([0, 5, -1, 100, .5])
    X = np.round(X, 6)
    lin = X @ np.array([.8, -.05, 4, .1, 30])
    logits = 1.5 * (lin - lin.mean()) / lin.std() - 0.8
    y = (rs.uniform(size=n) < 1 / (1 + np.exp(-logits))).astype(int)
    return X[:300], y[:300], X[300:], y[300:]


def market_frame():
    d = np.array(json.load(open(MARKET)), dtype=float)
    c, h, l, v = d[:, 4], d[:, 2], d[:, 3], d[:, 5]
    n = len(c)
    t = np.arange(12, n - 12)
    X = np.column_stack([
        c[t] / c[t - 1] - 1,
        c[t] / c[t - 3] - 1,
        c[t] / c[t - 12] - 1,
        (h[t] - l[t]) / c[t],
        np.log1p(v[t]),
    ])
    fut_max = np.array([c[i + 1:i + 13].max() for i in t])
    y = (fut_max >= c[t] * 1.005).astype(int)
    fut_ret = c[t + 12] / c[t] - 1
    cut = int(len(t) * 0.8)
    return X, y, fut_ret, cut


def main():
    # newton-cg, the cross-check solver, warns when it stalls at rounding level; the
    # assertions in fit_lr are the real check.
    warnings.filterwarnings("ignore")
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__}

    # Logistic regression -------------------------------------------------------------
    Xtr, ytr, Xte, yte = synthetic_classification()
    sw = np.random.RandomState(3).uniform(0.2, 3, size=len(ytr)).round(4)
    X, y, fut_ret, cut = market_frame()
    out["logistic"] = {
        "synthetic": {
            "Xtrain": rows(Xtr), "ytrain": lst(ytr), "Xtest": rows(Xte), "ytest": lst(yte),
            "cases": [
                lr_case("C=1", Xtr, ytr, Xte, 1.0),
                lr_case("C=0.1", Xtr, ytr, Xte, 0.1),
                lr_case("C=1 balanced", Xtr, ytr, Xte, 1.0, "balanced"),
                lr_case("C=0.1 balanced", Xtr, ytr, Xte, 0.1, "balanced"),
                lr_case("C=1 weights {0:1,1:3}", Xtr, ytr, Xte, 1.0, {0: 1.0, 1: 3.0}),
                lr_case("C=1 sample weights", Xtr, ytr, Xte, 1.0, None, sw),
            ],
        },
        # Features the tests recompute from the candles: see nodes/src/ml/testing/market-features.ts.
        "market": {
            "file": "ETH_BTC-5m.json", "cut": cut,
            "cases": [
                lr_case("C=1", X[:cut], y[:cut], X[cut:], 1.0),
                lr_case("C=0.1", X[:cut], y[:cut], X[cut:], 0.1),
                lr_case("C=1 balanced", X[:cut], y[:cut], X[cut:], 1.0, "balanced"),
            ],
        },
    }
    # The peer's default LR (lbfgs, tol=1e-4) for a sense of how far sklearn's defaults stop.
    sc = StandardScaler().fit(X[:cut])
    default = LogisticRegression().fit(sc.transform(X[:cut]), y[:cut])
    out["logistic"]["market"]["sklearnDefaultAuc"] = float(roc_auc_score(y[cut:], default.predict_proba(sc.transform(X[cut:]))[:, 1]))

    # Ridge / linear regression ---------------------------------------------------------
    rs = np.random.RandomState(11)
    n, p = 300, 6
    Xr = rs.normal(size=(n, p)) * np.array([1, 2, .5, 10, 1, 1]) + np.array([0, 1, 2, 3, -50, 0])
    Xr[:, 5] = Xr[:, 0] * .9 + rs.normal(size=n) * .1
    Xr = np.round(Xr, 6)
    yr = np.round(Xr @ np.array([1.5, -2, .3, .05, 0, 2]) + 7 + rs.normal(size=n), 6)
    swr = rs.uniform(0.5, 2, size=n).round(4)
    ridge_cases = []
    for alpha in [0.0, 0.1, 1.0, 10.0, 1000.0]:
        m = LinearRegression().fit(Xr, yr) if alpha == 0 else Ridge(alpha=alpha, solver="cholesky").fit(Xr, yr)
        ridge_cases.append({"alpha": alpha, "sampleWeight": None, "coef": lst(m.coef_), "intercept": float(m.intercept_), "predTrain": lst(m.predict(Xr[:20]))})
    m = Ridge(alpha=1.0, solver="cholesky").fit(Xr, yr, sample_weight=swr)
    ridge_cases.append({"alpha": 1.0, "sampleWeight": lst(swr), "coef": lst(m.coef_), "intercept": float(m.intercept_), "predTrain": lst(m.predict(Xr[:20]))})
    out["ridge"] = {"X": rows(Xr), "y": lst(yr), "cases": ridge_cases}

    # Metrics on fixed score vectors (with ties) -----------------------------------------
    rs = np.random.RandomState(5)
    n = 240
    yt = (rs.uniform(size=n) < .35).astype(int)
    raw = np.clip(.35 + .25 * (yt - .35) + rs.normal(scale=.22, size=n), 0.001, .999)
    score_sets = {"continuous": np.round(raw, 6), "ties1": np.round(raw, 1), "ties2": np.round(raw, 2)}
    metric_cases = []
    for name, s in score_sets.items():
        yp = (s >= 0.5).astype(int)
        fpr, tpr, thr = roc_curve(yt, s)
        fpr_all, tpr_all, thr_all = roc_curve(yt, s, drop_intermediate=False)
        prec, rec, pthr = precision_recall_curve(yt, s)
        cm = confusion_matrix(yt, yp, labels=[0, 1])
        metric_cases.append({
            "name": name, "scores": lst(s), "threshold": 0.5,
            "accuracy": accuracy_score(yt, yp), "precision": precision_score(yt, yp, zero_division=0),
            "recall": recall_score(yt, yp, zero_division=0), "f1": f1_score(yt, yp, zero_division=0),
            "confusion": [[int(v) for v in r] for r in cm],
            "rocAuc": roc_auc_score(yt, s), "roc": {"fpr": lst(fpr), "tpr": lst(tpr), "thresholds": lst(thr)},
            "rocAll": {"fpr": lst(fpr_all), "tpr": lst(tpr_all), "thresholds": lst(thr_all)},
            "averagePrecision": average_precision_score(yt, s),
            "pr": {"precision": lst(prec), "recall": lst(rec), "thresholds": lst(pthr)},
            "logLoss": log_loss(yt, s), "brier": brier_score_loss(yt, s),
            "calibrationUniform10": dict(zip(["probTrue", "probPred"], map(lst, calibration_curve(yt, s, n_bins=10)))),
            "calibrationUniform5": dict(zip(["probTrue", "probPred"], map(lst, calibration_curve(yt, s, n_bins=5)))),
            "calibrationQuantile10": dict(zip(["probTrue", "probPred"], map(lst, calibration_curve(yt, s, n_bins=10, strategy="quantile")))),
        })
    none_pred = np.zeros(n, dtype=int)
    zero_division = {"precision": precision_score(yt, none_pred, zero_division=0), "recall": recall_score(yt, none_pred, zero_division=0), "f1": f1_score(yt, none_pred, zero_division=0)}
    ry = np.round(rs.normal(size=60) * 3 + 1, 6)
    rp = np.round(ry + rs.normal(size=60), 6)
    out["metrics"] = {
        "yTrue": lst(yt), "cases": metric_cases, "zeroDivision": zero_division,
        "regression": {"yTrue": lst(ry), "yPred": lst(rp), "mae": mean_absolute_error(ry, rp), "rmse": float(np.sqrt(mean_squared_error(ry, rp))), "r2": r2_score(ry, rp)},
    }

    # Random forests on the market features: sklearn's scores to compare with -------------
    rfc = RandomForestClassifier(n_estimators=100, max_depth=10, random_state=0, n_jobs=-1).fit(X[:cut], y[:cut])
    pc = rfc.predict_proba(X[cut:])[:, 1]
    rfr = RandomForestRegressor(n_estimators=100, max_depth=8, random_state=0, n_jobs=-1).fit(X[:cut], fut_ret[:cut])
    pr = rfr.predict(X[cut:])
    # A regression task with real signal (Friedman #1) for the forest regressor.
    Xf, yf = make_friedman1(n_samples=1000, n_features=8, noise=1.0, random_state=0)
    Xf, yf = np.round(Xf, 6), np.round(yf, 6)
    rff = RandomForestRegressor(n_estimators=100, random_state=0, n_jobs=-1).fit(Xf[:800], yf[:800])
    out["forest"] = {
        "friedman": {"X": rows(Xf), "y": lst(yf), "cut": 800, "r2": r2_score(yf[800:], rff.predict(Xf[800:])),
                     "importances": lst(rff.feature_importances_)},
        "classifier": {"params": {"n_estimators": 100, "max_depth": 10}, "auc": roc_auc_score(y[cut:], pc), "accuracy": accuracy_score(y[cut:], pc >= .5),
                        "importances": lst(rfc.feature_importances_)},
        "regressor": {"params": {"n_estimators": 100, "max_depth": 8}, "r2": r2_score(fut_ret[cut:], pr), "mae": mean_absolute_error(fut_ret[cut:], pr),
                       "importances": lst(rfr.feature_importances_)},
    }

    # The benchmark pipeline itself (pandas features, sklearn LR and RF) on all 7 five-minute files.
    bench = os.path.join(HERE, "..", "..", "..", "shared", "bench", "peer_pipeline.py")
    files = sorted(f for f in os.listdir(os.path.dirname(MARKET)) if f.endswith("-5m.json"))
    peer = json.loads(subprocess.run([sys.executable, bench, *[os.path.join(os.path.dirname(MARKET), f) for f in files]],
                                     check=True, capture_output=True, text=True, env={**os.environ, "PEER_JOBS": "1"}).stdout)
    out["peer"] = {"files": files, "rows_train": peer["rows_train"], "rows_test": peer["rows_test"], "positive_rate": peer["positive_rate"],
                   "lr_auc": peer["logistic_regression"]["auc"], "rf_auc": peer["random_forest"]["auc"]}

    path = os.path.join(HERE, "ml-reference.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
