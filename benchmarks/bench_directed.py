"""Benchmark: the directed MID-initiation variables, the formation windows and their estimates.

Usage: ``python benchmarks/bench_directed.py [--clean-dir data/clean] [--panel-dir data/panel] [--repeat 3]``
(run ``snakemake --cores 4 panels`` first). Reports the wall time (median and best of ``--repeat``
runs, inputs already loaded) of :func:`alliancewar.panels.directed.add_directed_variables` on the
1.9 million directed dyad-years (initiation, MID 5.0 peace-years and the 16 role-pledge columns),
of :func:`alliancewar.panels.windows.build_windows` and of
:func:`alliancewar.models.windows.window_estimates`. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pandas as pd

from alliancewar.models.windows import window_estimates
from alliancewar.panels.build import load_tables, to_directed
from alliancewar.panels.directed import DIRECTED_TABLES, add_directed_variables
from alliancewar.panels.windows import build_windows
from alliancewar.sources import load_sources

ROOT = Path(__file__).resolve().parents[1]


def _time(fn, repeat: int) -> tuple[float, float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clean-dir", default=str(ROOT / "data" / "clean"))
    parser.add_argument("--panel-dir", default=str(ROOT / "data" / "panel"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sources = load_sources(ROOT / "config" / "sources.yaml")
    tables = load_tables(args.clean_dir, (*DIRECTED_TABLES,), ("cow_alliance_members",))
    dyads = pd.read_parquet(Path(args.panel_dir) / "dyad_years.parquet")
    states = pd.read_parquet(Path(args.panel_dir) / "state_years.parquet", columns=["ccode", "year", "n_war_entries"])
    directed = to_directed(dyads)
    med, best, _ = _time(lambda: add_directed_variables(directed, tables, sources, 2016), args.repeat)
    print(f"directed variables on {len(directed):,} rows: median {med:.2f} s, best {best:.2f} s")
    cow = "cow_alliance_members" in tables
    med, best, win = _time(lambda: build_windows(tables, dyads, states, sources, cow_alliances=cow), args.repeat)
    print(f"formation windows ({len(win):,} rows): median {med:.2f} s, best {best:.2f} s")
    med, best, est = _time(lambda: window_estimates(win), args.repeat)
    print(f"window estimates ({len(est):,} cells): median {med:.2f} s, best {best:.2f} s")


if __name__ == "__main__":
    main()
