"""Benchmark: the baseline dyadic logit, the default (named) set and optionally the grid.

Usage: ``python benchmarks/bench_models.py [--grid] [--processes 2]`` after
``snakemake --cores 4 panels``. Reports: the baseline logit with dyad-clustered errors on
the real panel (estimator alone, and the whole fit incl. sample, design and predicted
probabilities); the wall time of every named specification fitted in-process; with
``--grid``, the wall time of the whole grid fitted by ``--processes`` worker processes, one
job (25 fits, one panel load) at a time, as the workflow does. Not a test.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import yaml

from alliancewar.models.estimators import fit_logit
from alliancewar.models.jobs import jobs
from alliancewar.models.run import design, fit_spec, run_job, sample

ROOT = Path(__file__).resolve().parents[1]
CFG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
PANELS = ROOT / "data" / "panel"


def _grid_job(job: str, out: str) -> int:
    return len(run_job(jobs(CFG)[job], PANELS, out, CFG["models"]["periods"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    all_jobs = jobs(CFG)
    named = [s for k, v in all_jobs.items() if k.startswith("named") for s in v]
    base = next(s for s in named if s.name == "baseline")
    dyads = pd.read_parquet(PANELS / "dyad_years.parquet")
    y, X, rows = design(base, sample(base, dyads))
    groups = rows["ccode1"].to_numpy() * 10_000 + rows["ccode2"].to_numpy()
    t0 = time.perf_counter()
    fit_logit(y, X, se="cluster", groups=groups)
    t1 = time.perf_counter()
    fit_spec(base, dyads, CFG["models"]["periods"])
    t2 = time.perf_counter()
    print(f"baseline logit, clustered SE, {len(y):,} dyad-years x {X.shape[1]} terms: estimator {t1 - t0:.2f} s; "
          f"whole fit incl. predicted probabilities {t2 - t1:.2f} s")
    panels = {"dyad": dyads, "state": pd.read_parquet(PANELS / "state_years.parquet"),
              "system": pd.read_parquet(PANELS / "system_years.parquet")}
    t0 = time.perf_counter()
    for s in named:
        fit_spec(s, panels[s["level"]], CFG["models"]["periods"])
    print(f"default set: {len(named)} named fits in {time.perf_counter() - t0:.1f} s (one process)")
    if args.grid:
        grid_jobs = [k for k in all_jobs if k.startswith("grid")]
        n = sum(len(all_jobs[k]) for k in grid_jobs)
        t0 = time.perf_counter()
        with ProcessPoolExecutor(args.processes) as pool:
            done = sum(pool.map(_grid_job, grid_jobs, ["/tmp/alliancewar_bench_grid"] * len(grid_jobs)))
        print(f"grid: {done}/{n} fits in {time.perf_counter() - t0:.1f} s with {args.processes} processes")


if __name__ == "__main__":
    main()
