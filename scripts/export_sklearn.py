"""Writes a fitted scikit-learn random forest as a JSON dump that `pnpm adopt --sklearn` reads.

Usage: python3 scripts/export_sklearn.py MODEL.pkl DUMP.json [--features-from CSV] [--target COLUMN]

Runs wherever scikit-learn is installed (no forestfn code needed): the scikit-learn and numpy versions
the model was fitted with are the right ones to export it with.

WARNING: MODEL.pkl is unpickled, and unpickling runs whatever code the file names. Export only a model
file you made yourself or otherwise trust, never one from an unknown source.

MODEL.pkl is a `RandomForestClassifier` or `ExtraTreesClassifier` (or a Pipeline that holds only one),
saved with `pickle` or `joblib`, with one output column (not multi-output). The dump holds:
  - each tree's arrays, as `tree_` has them (node ids as scikit-learn numbers them): `children_left`,
    `children_right`, `feature`, `threshold`, and for each leaf the class distribution the tree's own
    `predict_proba` answers for a row that reaches it (null for a split node), computed by the installed
    scikit-learn so the import predicts what it does;
  - `classes` (`classes_`, in their order) and `labels` (each one's `str()`);
  - `features`: from `feature_names_in_` when the model was fitted on a DataFrame, otherwise from the
    header of `--features-from CSV` (every column but `--target`, in order);
  - `target` (the `--target` column, or the CSV's one column that is not a feature; null when unknown),
    `params` (`get_params()`), `feature_importances`, the library versions and the model file's SHA-256.
Nothing in it depends on the time or the machine: the same model file gives the same dump.
"""

import argparse
import copy
import csv
import hashlib
import json
import os
import pickle
import platform
import sys

try:
    import numpy as np
    import sklearn
except ImportError as missing:
    sys.exit(
        f"export_sklearn: {missing}: run this with the Python your model was fitted with "
        "(it needs scikit-learn and numpy; on Debian: apt-get install python3-sklearn)"
    )

DUMP_FORMAT = "forestfn.sklearn-dump/1"


class ExportError(Exception):
    """A model or CSV that cannot be exported; the message says why and what to do."""


def load_model(path):
    """Unpickles MODEL.pkl (joblib when available: it also reads joblib's compressed files)."""
    try:
        import joblib

        return joblib.load(path)
    except ImportError:
        with open(path, "rb") as handle:
            return pickle.load(handle)


def unwrap(model):
    """The forest itself: a Pipeline is accepted when every step but the last is 'passthrough'."""
    from sklearn.pipeline import Pipeline

    if isinstance(model, Pipeline):
        transforms = [name for name, step in model.steps[:-1] if step not in (None, "passthrough")]
        if transforms:
            raise ExportError(
                f"the model is a Pipeline whose steps {', '.join(transforms)} transform the features "
                "before the forest: forestfn serves the forest alone, so export the forest "
                "(pipeline[-1]) and apply those steps in the caller, or fit the forest on raw features"
            )
        return unwrap(model.steps[-1][1])
    return model


def check_forest(forest):
    from sklearn.ensemble._forest import ForestClassifier
    from sklearn.tree import DecisionTreeClassifier

    if not isinstance(forest, ForestClassifier):
        raise ExportError(
            f"the model is a {type(forest).__module__}.{type(forest).__name__}, not a random forest "
            "classifier (RandomForestClassifier or ExtraTreesClassifier)"
        )
    if not hasattr(forest, "estimators_"):
        raise ExportError("the forest is not fitted (it has no estimators_)")
    if getattr(forest, "n_outputs_", 1) != 1:
        raise ExportError(f"the forest predicts {forest.n_outputs_} outputs; forestfn serves one")
    for index, tree in enumerate(forest.estimators_):
        if not isinstance(tree, DecisionTreeClassifier):
            raise ExportError(f"tree {index} is a {type(tree).__name__}, not a decision tree classifier")


def read_header(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.reader(handle):
            return [cell.strip() for cell in row]
    raise ExportError(f"{path} is empty: --features-from needs a CSV with a header row")


def feature_names(forest, csv_path, target):
    """The features in model order, where they came from, and the target column when known."""
    count = forest.n_features_in_
    names = getattr(forest, "feature_names_in_", None)
    header = read_header(csv_path) if csv_path else None
    if names is not None:
        names = [str(name) for name in names]
        if header is not None:
            missing = [name for name in names if name not in header]
            if missing:
                raise ExportError(
                    f"{csv_path} has no column {', '.join(missing)}, which the model was fitted on "
                    "(feature_names_in_)"
                )
            if target is None:
                others = [column for column in header if column not in names]
                target = others[0] if len(others) == 1 else None
        return names, "feature_names_in_", target
    if header is None:
        raise ExportError(
            f"the model was fitted on plain arrays, so it does not know its {count} feature names: "
            "pass --features-from CSV (a CSV whose header names them in the order the model saw them)"
        )
    columns = header
    if target is not None:
        if target not in header:
            raise ExportError(f"{csv_path} has no column {target!r} (--target)")
        columns = [column for column in header if column != target]
    if len(columns) != count:
        hint = (
            " (if one of them is the target, name it with --target)"
            if target is None and len(columns) == count + 1
            else ""
        )
        raise ExportError(
            f"the model has {count} features but {csv_path} has {len(columns)} columns"
            f"{' besides the target' if target is not None else ''}: {', '.join(columns)}{hint}"
        )
    if len(set(columns)) != len(columns) or any(column == "" for column in columns):
        raise ExportError(f"{csv_path}: every feature column needs a distinct, non-empty name")
    return columns, "csv", target


def leaf_probabilities(tree, leaves):
    """What `tree.predict_proba` answers for a row reaching each leaf: its own code applied to the leaf
    values (tree_.predict returns value[leaf] per row), so the import follows whichever normalisation
    this scikit-learn release applies."""
    values = np.ascontiguousarray(tree.tree_.value[leaves, 0, :], dtype=np.float64)

    class LeafValues:
        """Stands in for `tree_`: answers the leaves' values, one per input row."""

        def predict(self, X):
            return values.copy()

    stand_in = copy.copy(tree)
    stand_in.tree_ = LeafValues()
    rows = np.zeros((len(leaves), tree.n_features_in_), dtype=np.float32)
    try:
        proba = stand_in.predict_proba(rows, check_input=False)
    except Exception:
        # A release whose predict_proba does more than post-process tree_.predict: scikit-learn <= 1.3's
        # normalisation, written out.
        proba = values[:, : tree.n_classes_]
        normalizer = proba.sum(axis=1)[:, np.newaxis]
        normalizer[normalizer == 0.0] = 1.0
        proba = proba / normalizer
    return np.asarray(proba, dtype=np.float64)


def tree_arrays(tree):
    t = tree.tree_
    left = t.children_left.tolist()
    leaves = [node for node, child in enumerate(left) if child == -1]
    proba = leaf_probabilities(tree, leaves)
    leaf_proba = [None] * t.node_count
    for row, node in enumerate(leaves):
        leaf_proba[node] = proba[row].tolist()
    return {
        "node_count": int(t.node_count),
        "children_left": left,
        "children_right": t.children_right.tolist(),
        "feature": t.feature.tolist(),
        "threshold": t.threshold.tolist(),
        "leaf_proba": leaf_proba,
    }


def plain(value):
    """A JSON value for a parameter: numbers, strings, lists and dicts as they are, anything else as repr."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if np.isfinite(value) else repr(value)
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(plain(key)): plain(item) for key, item in value.items()}
    return repr(value)


def export(model_path, dump_path, csv_path=None, target=None):
    with open(model_path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    forest = unwrap(load_model(model_path))
    check_forest(forest)
    features, names_from, target = feature_names(forest, csv_path, target)
    classes = forest.classes_.tolist()
    labels = [str(value) for value in classes]
    if len(set(labels)) != len(labels):
        raise ExportError(f"two classes print the same: {labels}")
    header = {
        "format": DUMP_FORMAT,
        "estimator": f"{type(forest).__module__}.{type(forest).__name__}",
        "versions": {
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "model": {"file": os.path.basename(model_path), "sha256": digest},
        "features": features,
        "featureNamesFrom": names_from,
        "target": target,
        "classes": plain(classes),
        "labels": labels,
        "params": plain(forest.get_params(deep=False)),
        "feature_importances": forest.feature_importances_.tolist(),
        # The count each split drew, as the trees resolved max_features (1 and 1.0 are both 1 in JSON).
        "max_features_": int(getattr(forest.estimators_[0], "max_features_", 0)) or None,
    }
    trees = [tree_arrays(tree) for tree in forest.estimators_]
    text = json.dumps(header, separators=(",", ":"), allow_nan=False)
    # One tree a line: a diff of two dumps shows which trees changed.
    body = ",\n".join(json.dumps(tree, separators=(",", ":"), allow_nan=False) for tree in trees)
    with open(dump_path, "w", encoding="utf-8") as handle:
        handle.write(f'{text[:-1]},"trees":[\n{body}\n]}}\n')
    return header, trees


def main(argv):
    parser = argparse.ArgumentParser(
        description="Dump a fitted scikit-learn forest for `pnpm adopt --sklearn`. "
        "WARNING: unpickling runs code from the model file; export only model files you trust.",
    )
    parser.add_argument("model", help="the pickled (or joblib) RandomForestClassifier / ExtraTreesClassifier")
    parser.add_argument("dump", help="where to write the JSON dump")
    parser.add_argument(
        "--features-from",
        metavar="CSV",
        help="a CSV whose header names the features, for a model fitted on plain arrays",
    )
    parser.add_argument("--target", metavar="COLUMN", help="the CSV's label column (not a feature)")
    args = parser.parse_args(argv)
    try:
        header, trees = export(args.model, args.dump, args.features_from, args.target)
    except ExportError as error:
        print(f"export_sklearn: {error}", file=sys.stderr)
        return 1
    nodes = sum(tree["node_count"] for tree in trees)
    print(
        f"wrote {args.dump}: {len(trees)} trees, {nodes} nodes, {len(header['features'])} features "
        f"(from {header['featureNamesFrom']}), classes {header['labels']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
