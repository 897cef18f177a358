"""scikit-learn side of `pnpm measure-defaults`: one table, its stratified splits and sklearn's holdout accuracy.

Usage: /usr/bin/python3 scripts/measure_defaults.py TABLE SEEDS OUT.json [splits]
TABLE: wine | breast_cancer | digits | iris (bundled with scikit-learn, no download)
       | synthetic-10k | synthetic-100k (make_classification, parameters in TABLES below)
For each seed s in 0..SEEDS-1: a stratified 75/25 split (train_test_split(random_state=s)), then
RandomForestClassifier(n_estimators=100, random_state=s, n_jobs=1) with max_features=None and 'sqrt'
(everything else scikit-learn's default: fully grown trees, bootstrap rows, gini), fitted on the
training rows and scored on the holdout.
With `splits`, only the table and its splits are written (no "sklearn" entries), quickly, so the
caller can train its own forests while another run of this script fits scikit-learn's.
OUT.json: {"table", "source", "rows", "features", "classes", "X", "y",
           "splits": [{"seed", "train": [row], "holdout": [row],
                       "sklearn": {"None": {"accuracy", "fitSeconds"}, "sqrt": {...}}}],
           "sklearnVersion"}
Single core on purpose: n_jobs=1, and the caller sets the OMP/OpenBLAS thread counts to 1.
"""

import json
import sys
import time

import numpy as np
import sklearn
from sklearn import datasets
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

# make_classification's parameters, named so the docs can quote them.
SYNTHETIC = {
    "synthetic-10k": dict(
        n_samples=10_000,
        n_features=20,
        n_informative=6,
        n_redundant=4,
        n_classes=3,
        n_clusters_per_class=2,
        class_sep=1.0,
        flip_y=0.03,
        random_state=10,
    ),
    "synthetic-100k": dict(
        n_samples=100_000,
        n_features=20,
        n_informative=10,
        n_redundant=5,
        n_classes=2,
        n_clusters_per_class=3,
        class_sep=0.7,
        flip_y=0.05,
        random_state=100,
    ),
}
BUNDLED = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "digits": datasets.load_digits,
}


def load(table):
    if table in BUNDLED:
        X, y = BUNDLED[table](return_X_y=True)
        return X, y, f"sklearn.datasets.load_{table}()"
    params = SYNTHETIC[table]
    X, y = datasets.make_classification(**params)
    described = ", ".join(f"{key}={value}" for key, value in params.items())
    return X, y, f"sklearn.datasets.make_classification({described})"


def main(table, seeds, out, fit=True):
    X, y, source = load(table)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    rows = np.arange(len(y))
    splits = []
    for seed in range(seeds):
        train, holdout = train_test_split(rows, test_size=0.25, stratify=y, random_state=seed)
        train.sort()
        holdout.sort()
        scores = {}
        for max_features in (None, "sqrt") if fit else ():
            forest = RandomForestClassifier(n_estimators=100, max_features=max_features, random_state=seed, n_jobs=1)
            start = time.process_time()
            forest.fit(X[train], y[train])
            seconds = time.process_time() - start
            accuracy = float((forest.predict(X[holdout]) == y[holdout]).mean())
            scores[str(max_features)] = {"accuracy": accuracy, "fitSeconds": seconds}
        splits.append({"seed": seed, "train": train.tolist(), "holdout": holdout.tolist(), "sklearn": scores})
        if fit:
            print(f"{table} seed {seed}: {scores}", file=sys.stderr, flush=True)
    document = {
        "table": table,
        "source": source,
        "rows": int(len(y)),
        "features": int(X.shape[1]),
        "classes": int(len(np.unique(y))),
        # repr round-trips every double exactly; JSON numbers carry it to JavaScript unchanged.
        "X": X.tolist(),
        "y": y.tolist(),
        "splits": splits,
        "sklearnVersion": sklearn.__version__,
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(document, handle)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], fit=sys.argv[4:5] != ["splits"])
