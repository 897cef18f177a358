"""Fits the scikit-learn forests the import tests check forestfn against (test/sklearn/import.test.ts).

Usage: python3 test/sklearn/fit_forests.py JOB.json OUTDIR
JOB.json: {"cases": [{"id", "estimator": "RandomForestClassifier" | "ExtraTreesClassifier",
  "classes": 2 | 3, "labels": "str" | "int", "max_features": "sqrt" | null, "min_samples_leaf",
  "n_estimators", "max_depth": int | null, "bootstrap": bool, "seed", "fitted_on": "frame" | "array",
  "rows", "features"} | {"id", "csv", "features": [name], "target", "n_estimators", "seed"}]}
(the second form fits a table: every fifth row held out, no threshold rows)
For each case, OUTDIR/<id>/ gets: model.pkl (joblib), train.csv (the training table, target column
"y"), holdout.csv (held-out rows, then rows whose values sit on and next to the forest's thresholds,
target column "kind"), expected.json ({"labels": [str], "proba": [[float]]}: predict and predict_proba
on every holdout row, floats written so they read back as the same doubles).
Seeded: the same job gives the same files. Single-threaded (n_jobs=1).
"""

import json
import os
import sys

import joblib
import numpy as np
from sklearn import ensemble
from sklearn.datasets import make_classification

# Names a spec has to carry with care: spaces, parentheses, a slash, a tilde, non-ASCII.
ODD_NAMES = ["petal length (cm)", "a/b", "x~y", "größe", "plain", "with space", "n7", "last"]


class Frame(np.ndarray):
    """An array with `columns`, which scikit-learn reads as a DataFrame's feature names (no pandas here)."""


def as_frame(X, names):
    frame = np.asarray(X).view(Frame)
    frame.columns = names
    return frame


def write_csv(path, names, X, y, target):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(",".join(f'"{n}"' if ("," in n or '"' in n) else n for n in [*names, target]) + "\n")
        for row, label in zip(X, y):
            handle.write(",".join(repr(float(v)) for v in row) + f",{label}\n")


def boundary_rows(forest, X, rng, count):
    """Rows of X with one value moved onto a split threshold or the doubles and float32 values around it."""
    rows = []
    for _ in range(count):
        tree = forest.estimators_[rng.integers(len(forest.estimators_))].tree_
        splits = np.flatnonzero(tree.children_left != -1)
        if len(splits) == 0:
            continue
        node = splits[rng.integers(len(splits))]
        t = float(tree.threshold[node])
        f32 = np.float32(t)
        value = [
            t,
            np.nextafter(t, np.inf),
            np.nextafter(t, -np.inf),
            float(f32),
            float(np.nextafter(f32, np.float32(np.inf))),
            float(np.nextafter(f32, np.float32(-np.inf))),
        ][rng.integers(6)]
        row = X[rng.integers(len(X))].copy()
        row[tree.feature[node]] = value
        rows.append(row)
    return np.array(rows)


def fit_table(case, outdir):
    """A forest on a CSV table (the repository's own): its features (numbers) as a frame, the target's
    values as labels; every fifth row held out."""
    import csv

    directory = os.path.join(outdir, case["id"])
    os.makedirs(directory, exist_ok=True)
    with open(case["csv"], newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header = [cell.strip() for cell in rows[0]]
    columns = [header.index(name) for name in case["features"]]
    target = header.index(case["target"])
    X = np.array([[float(row[c]) for c in columns] for row in rows[1:]])
    y = np.array([row[target].strip() for row in rows[1:]])
    held = np.arange(len(X)) % 5 == 0
    forest = ensemble.RandomForestClassifier(
        n_estimators=case["n_estimators"], random_state=case["seed"], n_jobs=1
    )
    forest.fit(as_frame(X[~held], case["features"]), y[~held])
    joblib.dump(forest, os.path.join(directory, "model.pkl"))
    write_csv(os.path.join(directory, "holdout.csv"), case["features"], X[held], y[held], case["target"])
    inputs = as_frame(X[held], case["features"])
    expected = {
        "labels": [str(label) for label in forest.predict(inputs).tolist()],
        "proba": forest.predict_proba(inputs).tolist(),
        "classes": [str(c) for c in forest.classes_.tolist()],
    }
    with open(os.path.join(directory, "expected.json"), "w", encoding="utf-8") as handle:
        json.dump(expected, handle)


def fit_case(case, outdir):
    if "csv" in case:
        return fit_table(case, outdir)
    directory = os.path.join(outdir, case["id"])
    os.makedirs(directory, exist_ok=True)
    n_classes = case["classes"]
    X, y = make_classification(
        n_samples=case["rows"],
        n_features=case["features"],
        n_informative=min(case["features"] - 2, 4),
        n_redundant=1,
        n_classes=n_classes,
        n_clusters_per_class=1,
        flip_y=0.05,
        random_state=case["seed"],
    )
    # Few distinct values per feature, as measured data has: ties and repeated thresholds.
    X = np.round(X, 2)
    names_for = {"str": ["oak", "ash", "birch"], "int": [3, 11, 7]}
    y = np.array([names_for[case["labels"]][k] for k in y])
    split = int(len(X) * 0.6)
    X_train, y_train, X_hold, y_hold = X[:split], y[:split], X[split:], y[split:]
    names = ODD_NAMES[: case["features"]] if case["fitted_on"] == "frame" else [
        f"f{k}" for k in range(case["features"])
    ]
    Forest = getattr(ensemble, case.get("estimator", "RandomForestClassifier"))
    forest = Forest(
        n_estimators=case["n_estimators"],
        max_features=case["max_features"],
        min_samples_leaf=case["min_samples_leaf"],
        max_depth=case.get("max_depth"),
        bootstrap=case.get("bootstrap", Forest is ensemble.RandomForestClassifier),
        random_state=case["seed"],
        n_jobs=1,
    )
    forest.fit(as_frame(X_train, names) if case["fitted_on"] == "frame" else X_train, y_train)
    joblib.dump(forest, os.path.join(directory, "model.pkl"))

    rng = np.random.default_rng(case["seed"])
    edges = boundary_rows(forest, X_hold, rng, len(X_hold) // 2)
    X_all = np.vstack([X_hold, edges])
    y_all = np.concatenate([y_hold, rng.choice(y_hold, len(edges))])
    write_csv(os.path.join(directory, "train.csv"), names, X_train, y_train, "y")
    write_csv(os.path.join(directory, "holdout.csv"), names, X_all, y_all, "kind")
    inputs = as_frame(X_all, names) if case["fitted_on"] == "frame" else X_all
    expected = {
        "labels": [str(label) for label in forest.predict(inputs).tolist()],
        "proba": forest.predict_proba(inputs).tolist(),
        "classes": [str(c) for c in forest.classes_.tolist()],
    }
    with open(os.path.join(directory, "expected.json"), "w", encoding="utf-8") as handle:
        json.dump(expected, handle)


def main(job_path, outdir):
    with open(job_path, encoding="utf-8") as handle:
        job = json.load(handle)
    for case in job["cases"]:
        fit_case(case, outdir)
    print(json.dumps({"cases": [case["id"] for case in job["cases"]]}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
