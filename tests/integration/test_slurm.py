"""The model grid through a real SLURM cluster (snakemake-executor-plugin-slurm, profiles/slurm-ci).

Needs a running SLURM controller whose partition is the one profiles/slurm-ci names (`ci`):
`.ci/slurm_up.sh` starts a one-node cluster on localhost, and `.ci/run` does so when it can.
Skips with the reason when SLURM is not there, unless ``ALLIANCEWAR_REQUIRE_SLURM=1`` (set by
CI once its cluster is up): then a missing cluster fails the test instead of hiding it.

With the `.test/` configuration, run locally once per session (shared with the `.test/` test):
a copy of that run fits its grid again (4 fits in 2 jobs, which the profile groups into one
SLURM job) through sbatch. The fit records must equal the local ones except for timings, and
the SLURM side must show that the jobs really ran there: a SLURM job id for every submission,
SLURM's own record of each job (squeue, which keeps finished jobs for MinJobAge; there is no
accounting database) completed under this run's id, and the job logs SLURM wrote, holding the
rules that ran inside them.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.integration.workflow_run import DOT_TEST_CONFIG, shared_dot_test_run, snakemake

PROFILE = ROOT / "profiles" / "slurm-ci"
PARTITION = yaml.safe_load((PROFILE / "config.yaml").read_text())["default-resources"]["slurm_partition"]
USABLE = {"idle", "mixed", "allocated", "completing"}
SLURM_TIMEOUT = 600  # s; the run takes about a minute on the 2-core test cluster
N_GRID = math.prod(len(v) for v in yaml.safe_load(DOT_TEST_CONFIG.read_text())["models"]["grid"]["vary"].values())

pytestmark = [pytest.mark.mirror, pytest.mark.slow, pytest.mark.slurm]


def slurm_unavailable() -> str | None:
    """Why the SLURM test cannot run here, or None when it can."""
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None:
        return "snakemake-executor-plugin-slurm not installed (pip install -e '.[slurm]')"
    missing = [b for b in ("sbatch", "squeue", "sinfo", "srun", "scancel") if shutil.which(b) is None]
    if missing:
        return f"SLURM client programs not found: {missing} (apt-get install slurm-wlm munge; bash .ci/slurm_up.sh)"
    try:
        r = subprocess.run(["sinfo", "-h", "-p", PARTITION, "-o", "%T"], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "sinfo did not answer within 20 s: no SLURM controller running (bash .ci/slurm_up.sh)"
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["no message"])[-1]
        return f"no SLURM controller answers (bash .ci/slurm_up.sh): {last}"
    states = set(r.stdout.split())
    if not states & USABLE:
        return f"partition {PARTITION!r} of profiles/slurm-ci has no usable node (states: {sorted(states) or 'none'})"
    return None


@pytest.fixture(scope="module")
def slurm_cluster() -> None:
    reason = slurm_unavailable()
    if reason:
        if os.environ.get("ALLIANCEWAR_REQUIRE_SLURM") == "1":
            pytest.fail(f"ALLIANCEWAR_REQUIRE_SLURM=1 but {reason}")
        pytest.skip(reason)


def _without_timings(record: dict[str, Any]) -> dict[str, Any]:
    """A fit record without the keys that measure time (``wall_time`` and any ``*_time``/``*_seconds``)."""
    return {k: v for k, v in record.items() if not (k.endswith("_time") or k.endswith("_seconds"))}


def _records(fits_dir: Path) -> dict[str, dict[str, Any]]:
    return {p.name: _without_timings(json.loads(p.read_text())) for p in sorted(fits_dir.glob("*.json"))}


def _cancel(job_ids: list[str]) -> None:
    """Cancel this run's SLURM jobs (by id: nobody else's) after a timeout."""
    if job_ids:
        subprocess.run(["scancel", *job_ids], capture_output=True, timeout=30, check=False)


SUBMITTED = re.compile(r"has been submitted with SLURM jobid (\d+) \(log: (.+?)\)\.")


def _assert_ran_in_slurm(output: str, submitted: list[tuple[str, str]]) -> None:
    """Every grid job of the run went through sbatch and ran inside a SLURM job."""
    assert submitted, "no sbatch submission in the Snakemake log:\n" + output[-3000:]
    job_ids = [j for j, _ in submitted]
    # SLURM's own record (squeue keeps finished jobs for MinJobAge): completed, named by this run
    run_id = re.search(r"SLURM run ID: (\S+)", output).group(1)
    r = subprocess.run(["squeue", "--states=all", "-h", "-j", ",".join(job_ids), "-o", "%i|%T|%j"],
                       capture_output=True, text=True, timeout=30, check=True)
    seen = {i: (state, name) for i, state, name in (line.split("|") for line in r.stdout.split())}
    assert seen == {j: ("COMPLETED", run_id) for j in job_ids}
    # the logs SLURM wrote for those jobs hold the rules that ran inside them
    slurm_logs = "".join(Path(log).read_text() for _, log in submitted)
    assert "--executor slurm-jobstep" in slurm_logs
    grid_jobs = sorted(set(re.findall(r"rule (fit_grid_\d+):", output)))
    assert grid_jobs == [f"fit_grid_{i}" for i in range(len(grid_jobs))] and grid_jobs
    for job in grid_jobs:
        assert f"rule {job}:" in slurm_logs, f"{job} did not run inside a SLURM job"


def test_grid_through_sbatch_equals_local_run(slurm_cluster, tmp_path_factory, tmp_path, mirror):
    shared, local = shared_dot_test_run(tmp_path_factory, mirror)
    assert local.ok, local.tail()
    work = tmp_path / "work"
    shutil.copytree(shared, work, symlinks=True)
    fits = work / "results" / "fits" / "grid"
    local_fits = _records(fits)
    for f in fits.glob("*.json"):
        f.unlink()

    run = snakemake(work, "grid", "--profile", str(PROFILE), mirror=mirror, log=tmp_path / "slurm.log",
                    timeout=SLURM_TIMEOUT)
    submitted = SUBMITTED.findall(run.output)
    if run.returncode is None:
        _cancel([j for j, _ in submitted])
        pytest.fail(f"the SLURM run did not finish within {SLURM_TIMEOUT} s:\n{run.tail()}")
    assert run.ok, run.tail()
    print(f"grid through SLURM: {run.seconds:.1f} s, SLURM jobs {[j for j, _ in submitted]}")
    _assert_ran_in_slurm(run.output, submitted)

    # The grid fitted through SLURM gives the records of the local run (timings aside).
    via_slurm = _records(fits)
    assert len(via_slurm) == N_GRID and sorted(via_slurm) == sorted(local_fits)
    for name, record in via_slurm.items():
        assert record == local_fits[name], name
