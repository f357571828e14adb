"""Time the binary-outcome estimators on a dyad-year-sized simulated design.

Plain script, not a test: ``python benchmarks/bench_estimators.py [--rows N]``.
Simulates 900,000 rows x 10 columns (constant, 6 normal covariates, an "allied" dummy,
peace years and its square), about 0.05% events and 15,000 clusters, then prints the
wall time in seconds of fit_logit (clustered SE), fit_firth and fit_relogit (clustered SE).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from alliancewar.models.estimators import fit_firth, fit_logit, fit_relogit


def simulate(n: int, n_clusters: int, seed: int = 2024) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    """Outcome, design and cluster labels of a rare-event logit (~0.05% events)."""
    rng = np.random.default_rng(seed)
    peace = rng.integers(0, 120, n).astype(float)
    X = pd.DataFrame(rng.normal(size=(n, 6)), columns=[f"x{j}" for j in range(1, 7)])
    X.insert(0, "const", 1.0)
    X["allied"] = (rng.random(n) < 0.3).astype(float)
    X["peace_years"] = peace / 10.0
    X["peace_years2"] = (peace / 10.0) ** 2
    beta = np.array([-7.9, 0.3, -0.2, 0.1, 0.0, 0.2, -0.1, 0.3, -0.1, 0.005])
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-(X.to_numpy() @ beta)))).astype(float)
    return y, X, rng.integers(0, n_clusters, n)


def timed(label: str, fit: Callable[[], object]) -> None:
    """Run ``fit`` once and print its wall time."""
    start = time.perf_counter()
    fit()
    print(f"{label:<28s} {time.perf_counter() - start:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=900_000)
    parser.add_argument("--clusters", type=int, default=15_000)
    args = parser.parse_args()
    y, X, groups = simulate(args.rows, args.clusters)
    print(f"{args.rows} rows x {X.shape[1]} columns, {int(y.sum())} events, {args.clusters} clusters")
    timed("fit_logit (cluster)", lambda: fit_logit(y, X, se="cluster", groups=groups))
    timed("fit_firth (naive)", lambda: fit_firth(y, X))
    timed("fit_relogit (cluster)", lambda: fit_relogit(y, X, se="cluster", groups=groups))


if __name__ == "__main__":
    main()
