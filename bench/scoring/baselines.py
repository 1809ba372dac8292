#!/usr/bin/python3
"""bench/scoring/baselines.py: scikit-learn's references on the same permitted inputs and the same folds.

    npx node bench/scoring/cv.ts --export bench/out/permitted --repeats 3
    /usr/bin/python3 bench/scoring/baselines.py   # Debian's Python, where python3-sklearn is bench/out/permitted/*.csv

Each file holds the permitted inputs as the scorecards read them (element values and derived features;
protected attributes are not in it: audit-only for every method), the outcome `bad` and one column of
fold numbers per seed (fold_1, ...). For every seed, mean AUC over the folds of:
  - HistGradientBoostingClassifier (categorical inputs as native categories; early stopping on a tenth
    of the training part, as its defaults do for larger sets);
  - a WOE logistic regression: each input cut into at most 10 quantile bins (a category is its own bin;
    missing its own), each bin's weight of evidence from the training part (half a count added to each
    cell), then LogisticRegression (L2, C=1) on the WOE columns.
scikit-learn comes from Debian (python3-sklearn) and runs only here, never in the product.
"""
import csv
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

MISSING = {"", "NA", "?", "null"}


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    fold_cols = [i for i, h in enumerate(header) if h.startswith("fold_")]
    bad_col = header.index("bad")
    inputs = [i for i in range(len(header)) if i != bad_col and i not in fold_cols]
    y = np.array([int(r[bad_col]) for r in body])
    columns = []
    for i in inputs:
        raw = [r[i] for r in body]
        numeric = all(v in MISSING or _is_number(v) for v in raw)
        columns.append((header[i], numeric, raw))
    folds = {header[i]: np.array([int(r[i]) for r in body]) for i in fold_cols}
    return columns, y, folds


def _is_number(v):
    try:
        float(v)
        return True
    except ValueError:
        return False


def hgb_matrix(columns):
    """Numbers as floats (missing as NaN), categories as codes with categorical_features set."""
    out, categorical = [], []
    for _, numeric, raw in columns:
        if numeric:
            out.append([np.nan if v in MISSING else float(v) for v in raw])
            categorical.append(False)
        else:
            codes = {v: k for k, v in enumerate(sorted({v for v in raw if v not in MISSING}))}
            out.append([np.nan if v in MISSING else codes[v] for v in raw])
            categorical.append(True)
    return np.array(out, dtype=float).T, np.array(categorical)


def woe_columns(columns, y, train):
    """Each column as the WOE of its bin, the bins and WOEs learnt on the training rows only."""
    out = []
    goods, bads = (y[train] == 0).sum(), (y[train] == 1).sum()
    for _, numeric, raw in columns:
        if numeric:
            values = np.array([np.nan if v in MISSING else float(v) for v in raw])
            present = values[train][~np.isnan(values[train])]
            edges = np.unique(np.quantile(present, np.linspace(0, 1, 11)[1:-1])) if present.size else []
            keys = np.where(np.isnan(values), -1, np.searchsorted(edges, values, side="right"))
        else:
            keys = np.array([hash(v) for v in raw])
        woe = {}
        for k in np.unique(keys[train]):
            cell = train & (keys == k)
            g, b = (y[cell] == 0).sum(), (y[cell] == 1).sum()
            woe[k] = np.log(((g + 0.5) / goods) / ((b + 0.5) / bads))
        out.append([woe.get(k, 0.0) for k in keys])
    return np.array(out).T


def main(paths):
    for path in paths:
        columns, y, folds = read(path)
        x, categorical = hgb_matrix(columns)
        for name, fold in folds.items():
            hgb, woe = [], []
            for k in np.unique(fold):
                train, test = fold != k, fold == k
                model = HistGradientBoostingClassifier(categorical_features=categorical, random_state=0)
                model.fit(x[train], y[train])
                hgb.append(roc_auc_score(y[test], model.predict_proba(x[test])[:, 1]))
                w = woe_columns(columns, y, train)
                lr = LogisticRegression(C=1.0, max_iter=1000).fit(w[train], y[train])
                woe.append(roc_auc_score(y[test], lr.predict_proba(w[test])[:, 1]))
            print(
                f"{path}: {name}: {len(y)} rows, {len(columns)} permitted inputs; mean AUC over {len(hgb)} folds: "
                f"HistGradientBoosting {np.mean(hgb):.4f}, WOE logistic regression {np.mean(woe):.4f}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
