"""Benchmark: build all non-directed and directed dyad-years 1816-2016 from the clean tables.

Usage: ``python benchmarks/bench_panels.py [--clean-dir data/clean] [--repeat 5]``
(run ``snakemake --cores 4 data`` first). Reports the wall time of the in-process build
(median and best of ``--repeat`` runs, clean tables already loaded, every dyad variable incl.
ATOP alliances, wars, MIDs, contiguity, majors, capabilities, democracy, peace-years and
coverage masking) and the peak memory (tracemalloc peak of the build, and the process's
maximum resident set size). Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import tracemalloc
from pathlib import Path

from alliancewar.panels.build import DYAD_TABLES, PanelOptions, build_dyad_years, load_tables, to_directed
from alliancewar.sources import load_sources

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clean-dir", default=str(ROOT / "data" / "clean"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sources = load_sources(ROOT / "config" / "sources.yaml")
    tables = load_tables(args.clean_dir, DYAD_TABLES)
    opts = PanelOptions()
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        nd = build_dyad_years(tables, sources, opts)
        d = to_directed(nd)
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    nd = build_dyad_years(tables, sources, opts)
    d = to_directed(nd)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"non-directed dyad-years: {len(nd):,} x {nd.shape[1]} columns; directed: {len(d):,}")
    print(f"build both, wall: median {statistics.median(times):.2f} s, best {min(times):.2f} s "
          f"({args.repeat} runs)")
    print(f"peak memory: {peak / 2**20:.0f} MiB traced during the build; process max RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
