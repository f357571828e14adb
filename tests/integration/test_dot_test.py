"""The `.test/` configuration: the whole workflow on a tiny configuration, from the mirror.

`snakemake --cores 2 --directory .test` is what the README tells users to run before the full
run; here the same configuration runs the whole DAG (fetch, clean, panels, codebook, every fit,
tables, figures, report) in a scratch directory, and a rerun must find nothing to do.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import ROOT
from tests.integration.workflow_run import DOT_TEST_CONFIG, Run, shared_dot_test_run, snakemake

CFG = yaml.safe_load(DOT_TEST_CONFIG.read_text(encoding="utf-8"))


def test_documented_command_resolves_in_dot_test(tmp_path):
    """The command of the README (run from the root, ``--directory .test``): its config is complete
    on its own (no key comes from config/config.yaml), passes the schema and finds the registry."""
    r = subprocess.run([sys.executable, "-m", "snakemake", "--cores", "2", "--directory", ".test", "-n", "--forceall",
                        "--config", f"mirror={tmp_path}"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out[-3000:]
    assert "fit_grid_1" in out and "report" in out
    assert (ROOT / ".test" / CFG["sources"]).resolve() == (ROOT / "config" / "sources.yaml").resolve()


@pytest.fixture(scope="module")
def dot_test_run(tmp_path_factory, mirror) -> tuple[Path, Run]:
    return shared_dot_test_run(tmp_path_factory, mirror)


@pytest.mark.mirror
@pytest.mark.slow
def test_whole_dag_runs(dot_test_run):
    work, run = dot_test_run
    assert run.ok, run.tail()
    named = sorted(CFG["models"]["named"])
    n_grid = math.prod(len(v) for v in CFG["models"]["grid"]["vary"].values())
    fits = {p.stem: json.loads(p.read_text()) for p in (work / "results" / "fits").glob("*/*.json")}
    assert sorted(k for k, f in fits.items() if f["group"] == "named") == named
    assert sum(f["group"] == "grid" for f in fits.values()) == n_grid == 4
    assert [k for k, f in fits.items() if f["status"] == "failed"] == []
    # the only doubtful fit: the system Poisson on 51 years, where HAC errors do not hold their size
    doubtful = {k: f["doubts"] for k, f in fits.items() if f["status"] == "warning"}
    assert set(doubtful) <= {"system_poisson"}
    assert all(any("HAC standard errors may be too small" in d for d in ds) for ds in doubtful.values())
    # the panel covers exactly the configured years
    years = pd.read_parquet(work / "data" / "panel" / "dyad_years.parquet", columns=["year"])["year"]
    assert (years.min(), years.max()) == (CFG["panel"]["start_year"], CFG["panel"]["end_year"])
    # the baseline's sample is the configured period (the first year loses its lagged alliance)
    first, last = CFG["models"]["periods"][CFG["models"]["defaults"]["period"]]
    assert fits["baseline"]["n_obs"] <= int(years.between(first, last).sum())
    # every configured table has its columns, and the report was written
    main = pd.read_csv(work / "results" / "tables" / "main.csv", comment="#")
    assert list(dict.fromkeys(main["fit"])) == CFG["outputs"]["tables"][0]["columns"]
    assert (work / "results" / "report.html").stat().st_size > 10_000
    assert (work / "results" / "figures" / "specification_curve.png").stat().st_size > 10_000


@pytest.mark.mirror
@pytest.mark.slow
def test_rerun_has_nothing_to_do(dot_test_run, mirror, tmp_path):
    work, run = dot_test_run
    assert run.ok, run.tail()
    again = snakemake(work, "--cores", "2", "-n", mirror=mirror, log=tmp_path / "rerun.log", timeout=300)
    assert again.ok, again.tail()
    assert "Nothing to be done" in again.output
