"""Benchmark: the full non-directed 1816-2016 dyad-year panel through the public verbs vs the pipeline's build.

Usage: ``ALLIANCEWAR_MIRROR=../shared/data python benchmarks/bench_verbs.py [--repeat 5] [--similarity]``
(the API cache, ``ALLIANCEWAR_CACHE`` or the platform's, is filled on the first run). Times, with
the clean tables already in memory for both: (a) the pipeline's in-process build
(:func:`alliancewar.panels.build.build_dyad_years`, as ``benchmarks/bench_panels.py`` without the
directed copy) and (b) a notebook's composition of the public verbs giving the same table; prints
the median and best of ``--repeat`` runs and the ratio (b)/(a) of the medians. With
``--similarity``, also the time of ``aw.add_alliance_similarity`` on the full panel (not part of
the default panel). Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

import alliancewar as aw
from alliancewar.api import data
from alliancewar.panels.build import DYAD_TABLES, PanelOptions, build_dyad_years


def verbs_panel():
    """The notebook composition: the pipeline's default dyad-year panel through the public verbs."""
    return (aw.create_dyadyears(directed=False, years=(1816, 2016))
            .pipe(aw.add_atop_alliance).pipe(aw.add_cow_wars).pipe(aw.add_mids).pipe(aw.add_alliance_eve)
            .pipe(aw.add_contiguity).pipe(aw.add_cow_majors).pipe(aw.add_politically_relevant)
            .pipe(aw.add_nmc).pipe(aw.add_democracy).pipe(aw.add_peace_years)
            .pipe(aw.add_capital_distance).pipe(aw.add_minimum_distance).pipe(aw.add_strategic_rivalries))


def _times(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--similarity", action="store_true")
    args = parser.parse_args()
    tables = {n: data.table(n) for n in DYAD_TABLES}  # fills the cache on a first run
    registry, opts = data.registry(), PanelOptions()
    pipe = build_dyad_years(tables, registry, opts)
    nb = verbs_panel()  # warm-up; also checks that the two tables agree
    assert list(nb.columns) and set(nb.columns) == set(pipe.columns) and len(nb) == len(pipe)
    a = _times(lambda: build_dyad_years(tables, registry, opts), args.repeat)
    b = _times(verbs_panel, args.repeat)
    print(f"dyad-years: {len(pipe):,} x {pipe.shape[1]} columns")
    print(f"pipeline in-process build: median {statistics.median(a):.2f} s, best {min(a):.2f} s ({args.repeat} runs)")
    print(f"public verbs:              median {statistics.median(b):.2f} s, best {min(b):.2f} s")
    print(f"ratio verbs / pipeline (medians): {statistics.median(b) / statistics.median(a):.2f}")
    if args.similarity:
        base = aw.create_dyadyears()
        s = _times(lambda: aw.add_alliance_similarity(base), max(1, args.repeat // 2))
        print(f"add_alliance_similarity (ATOP, full panel): median {statistics.median(s):.2f} s")


if __name__ == "__main__":
    main()
