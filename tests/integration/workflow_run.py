"""Run the Snakemake workflow in a scratch directory with the `.test/` configuration.

Shared by the `.test/` test and the SLURM test. The workflow runs from the repository's
Snakefile in a temporary working directory holding a copy of `.test/config/config.yaml`, so
nothing is written into the checkout; the mirror and the source registry are passed
explicitly (``--config mirror=... sources=...``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

DOT_TEST_CONFIG = ROOT / ".test" / "config" / "config.yaml"


@dataclass
class Run:
    """Outcome of one Snakemake invocation: exit status (None on timeout) and its output."""

    returncode: int | None
    output: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def tail(self, n: int = 4000) -> str:
        return self.output[-n:]


def dot_test_workdir(root: Path) -> Path:
    """Make ``root`` a working directory whose ``config/config.yaml`` is the `.test/` config."""
    (root / "config").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DOT_TEST_CONFIG, root / "config" / "config.yaml")
    return root


def snakemake(workdir: Path, *args: str, mirror: Path, log: Path, timeout: float) -> Run:
    """Run ``snakemake args...`` in ``workdir``, output to ``log``; stop it after ``timeout`` s.

    On timeout Snakemake gets SIGTERM first (so an executor can cancel its jobs), then SIGKILL
    30 s later; ``returncode`` is None then.
    """
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile"), "--directory",
           str(workdir), *args, "--config", f"mirror={mirror}", f"sources={ROOT / 'config' / 'sources.yaml'}"]
    env = dict(os.environ, MPLBACKEND="Agg")
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=workdir, stdout=out, stderr=subprocess.STDOUT, env=env,
                                stdin=subprocess.DEVNULL)
        try:
            code: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            code = None
    return Run(code, log.read_text(encoding="utf-8", errors="replace"), time.perf_counter() - start)
