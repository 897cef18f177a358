"""scikit-learn side of `pnpm bench`: fits and predicts as told by a JSON job file, prints JSON timings.

Usage: /usr/bin/python3 scripts/bench/sklearn_bench.py JOB.json
JOB.json: {"X": [[...]], "y": [...], "rows": [[...]] (rows to predict), "fits": [
  {"id": str, "trees": int, "maxFeatures": null | "sqrt", "minSamplesSplit": int,
   "seed": int, "repeats": int, "predict": bool, "save": path (optional: pickles the fitted forest)}]}
Output (stdout, one JSON document): {"sklearn": version, "numpy": version, "fits": [
  {"id": str, "fitMs": [float], "nodesPerTree": float, "predictOneMs": float | null,
   "predictBatchMs": float | null, "labels": [int] | null}]}
Single core on purpose: n_jobs=1 here, and the caller sets the OMP/OpenBLAS/MKL thread counts to 1.
"""

import json
import pickle
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier


def median_per_call(calls, rounds, run):
    """Median over `rounds` of the mean time of `calls` consecutive runs (run(i) for call i), in ms."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for i in range(calls):
            run(i)
        samples.append((time.perf_counter() - start) * 1000 / calls)
    samples.sort()
    return samples[len(samples) // 2]


def main(path):
    with open(path, encoding="utf-8") as handle:
        job = json.load(handle)
    X = np.asarray(job["X"], dtype=np.float64)
    y = np.asarray(job["y"], dtype=np.int64)
    rows = np.asarray(job["rows"], dtype=np.float64) if job.get("rows") else None
    results = []
    for fit in job["fits"]:
        times = []
        forest = None
        for _ in range(max(1, fit["repeats"])):
            forest = RandomForestClassifier(
                n_estimators=fit["trees"],
                criterion="gini",
                max_features=fit["maxFeatures"],
                min_samples_split=fit["minSamplesSplit"],
                max_depth=None,
                bootstrap=True,
                random_state=fit["seed"],
                n_jobs=1,
            )
            start = time.perf_counter()
            forest.fit(X, y)
            times.append((time.perf_counter() - start) * 1000)
        if fit.get("save"):
            with open(fit["save"], "wb") as handle:
                pickle.dump(forest, handle)
        nodes = sum(tree.tree_.node_count for tree in forest.estimators_) / len(forest.estimators_)
        result = {
            "id": fit["id"],
            "fitMs": times,
            "nodesPerTree": nodes,
            "predictOneMs": None,
            "predictBatchMs": None,
            "labels": None,
        }
        if fit.get("predict") and rows is not None:
            # One row per call, cycling through 20 rows (sliced beforehand, so slicing is not timed).
            singles = [rows[i : i + 1] for i in range(min(20, len(rows)))]
            for single in singles:
                forest.predict(single)
            result["predictOneMs"] = median_per_call(len(singles), 7, lambda i: forest.predict(singles[i]))
            forest.predict(rows)
            result["predictBatchMs"] = median_per_call(1, 7, lambda i: forest.predict(rows))
            result["labels"] = forest.predict(rows).tolist()
        results.append(result)
    json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "fits": results}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
