"""The Snakemake workflow itself: lint, dry runs of the named targets and of the SLURM profile."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SNAKEMAKE = [sys.executable, "-m", "snakemake"]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SNAKEMAKE, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("target", ["data", "panels", "models", "grid"])
def test_dry_run_of_named_targets(target, tmp_path):
    r = _run(target, "-n", "--config", f"mirror={tmp_path}")
    assert r.returncode == 0, r.stderr[-2000:]
    out = r.stdout + r.stderr
    assert "Using workflow specific profile profiles/default" in out  # picked up without --profile
    assert f"Raw files: copied from the mirror {tmp_path} (config key 'mirror')" in out


def test_bad_config_fails_naming_the_key():
    r = _run("-n", "--config", "panel={'end_year': 2030}")
    assert r.returncode != 0
    assert "end_year" in (r.stdout + r.stderr)
    r = _run("-n", "--config", "colour=red")
    assert r.returncode != 0 and "colour" in (r.stdout + r.stderr)


@pytest.mark.skipif(importlib.util.find_spec("snakemake_executor_plugin_slurm") is None,
                    reason="snakemake-executor-plugin-slurm not installed")
def test_slurm_profile_dry_run_of_the_grid():
    r = _run("grid", "--profile", "profiles/slurm", "-n", "--forceall")
    out = r.stdout + r.stderr
    assert r.returncode == 0, out[-2000:]
    assert "fit_grid_0" in out


@pytest.mark.skipif(shutil.which("snakemake") is None and importlib.util.find_spec("snakemake") is None,
                    reason="snakemake missing")
def test_lint_is_clean():
    r = _run("--lint")
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    assert "Congratulations" in r.stdout + r.stderr
