"""Run the Snakemake workflow in a scratch directory with the `.test/` configuration.

Shared by the `.test/` test and the SLURM test. The workflow runs from the repository's
Snakefile in a temporary working directory holding a copy of `.test/config/config.yaml`, so
nothing is written into the checkout; the mirror and the source registry are passed
explicitly (``--config mirror=... sources=...``). The whole `.test/` DAG runs once per test
session, shared by the pytest-xdist workers (:func:`shared_dot_test_run`).
"""

from __future__ import annotations

import fcntl
import json
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


def shared_dot_test_run(tmp_path_factory, mirror: Path) -> tuple[Path, Run]:
    """The whole `.test/` DAG, run once per test session; its working directory and run.

    With pytest-xdist the workers share it through a lock in the session's base temporary
    folder: the first to ask runs it, the others wait and reuse it. Read it, do not change it
    (copy it first).
    """
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    work, record = root / "dot_test_shared", root / "dot_test_shared.json"
    with open(root / "dot_test_shared.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.is_file():
            run = snakemake(dot_test_workdir(work), "--cores", "2", mirror=mirror, log=root / "dot_test_shared.log",
                            timeout=900)
            record.write_text(json.dumps({"returncode": run.returncode, "seconds": run.seconds}))
    saved = json.loads(record.read_text())
    return work, Run(saved["returncode"], (root / "dot_test_shared.log").read_text(), saved["seconds"])
