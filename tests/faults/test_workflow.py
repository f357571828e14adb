"""Fault injection on whole workflow runs (Snakemake in a throw-away copy of the repository).

Kept few and quick: small targets (a few sources' clean tables, one config digest), a test
registry that enables only the sources a case needs, and one shared run for the faults placed
directly in data/raw. Each case asserts that the console names the culprit and that no output
is half-written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.faults.conftest import (copy_repo, damage, entry, http_server, link_mirror, only_sources, part_files,
                                   place, publisher_site, registry_doc, run_env, sha, snakemake, write_registry)

pytestmark = [pytest.mark.mirror, pytest.mark.slow]

REGISTRY = "config/test_sources.yaml"

# The shared faults run, after a good first run: two raw files damaged in data/raw (the faults
# main accepted silently; every kind of damage is tested in-process in test_files.py), one raw
# folder deleted and one raw file deleted.
FAULTED = {
    "cow_country_codes": ("COW-country-codes.csv", "corrupt", ["country_codes"]),
    "cow_interstate_war_v4.0": ("Inter-StateWarData_v4.0.csv", "truncated", ["war_participants"]),
}
DELETED_FOLDER = ("cow_dyadic_interstate_war", ["dyadic_wars"])
DELETED_FILE = ("cow_state_system_v2024", "majors2024.csv", ["states", "majors", "state_years"])


def _workspace(tmp: Path, keep: set[str]) -> Path:
    ws = copy_repo(tmp)
    write_registry(only_sources(registry_doc(ws), keep), ws / REGISTRY)
    return ws


def _raw_ok(ws: Path, source: str) -> bool:
    doc = registry_doc(ws)
    src = next(s for s in doc["sources"] if s["name"] == source)
    return all(sha((ws / "data/raw" / source / f["file"]).read_bytes()) in (f["sha256"], f.get("sha256_lf"))
               for f in src["files"])


@pytest.fixture(scope="module")
def faults_run(tmp_path_factory, mirror):
    """Build 4 sources' clean tables from the mirror, damage 2 raw files in data/raw, delete one
    raw folder and one raw file, and run `snakemake --keep-going data` again."""
    ws = _workspace(tmp_path_factory.mktemp("faults"), {*FAULTED, DELETED_FOLDER[0], DELETED_FILE[0]})
    args = ["--cores", "2", "data", "--config", f"sources={REGISTRY}", f"mirror={mirror}"]
    first = snakemake(ws, *args)
    assert first.returncode == 0, first.stdout[-3000:]
    doc = registry_doc(ws)
    for source, (file, fault, _) in FAULTED.items():
        path = ws / "data/raw" / source / file
        place(path, damage(path.read_bytes(), fault))
    folder = ws / "data/raw" / DELETED_FOLDER[0]
    for path in folder.iterdir():
        place(path, None)
    folder.rmdir()
    place(ws / "data/raw" / DELETED_FILE[0] / DELETED_FILE[1], None)
    second = snakemake(ws, "--keep-going", *args)
    return ws, doc, second


@pytest.mark.parametrize("source", list(FAULTED))
def test_damaged_raw_file_stops_its_clean_step_naming_it(faults_run, source):
    ws, doc, run = faults_run
    file, fault, tables = FAULTED[source]
    assert run.returncode != 0
    pinned = entry(doc, source, file)["sha256"]
    actual = sha((ws / "data/raw" / source / file).read_bytes())
    line = next((ln for ln in run.stdout.splitlines() if ln.startswith("alliancewar: error:") and file in ln), "")
    assert f"checksum mismatch for file '{file}' of source '{source}'" in line, (fault, run.stdout[-4000:])
    assert pinned in line and actual in line
    for table in tables:  # the old table is gone, no new one was written
        assert not (ws / "data/clean" / f"{table}.parquet").exists(), table
    assert not part_files(ws / "data")


def test_deleted_raw_folder_is_fetched_again(faults_run):
    ws, _, run = faults_run
    source, tables = DELETED_FOLDER
    assert f"fetch_{source}" in run.stdout
    assert _raw_ok(ws, source)
    for table in tables:
        assert (ws / "data/clean" / f"{table}.parquet").is_file()


def test_deleted_raw_file_is_fetched_again(faults_run):
    ws, _, run = faults_run
    source, file, tables = DELETED_FILE
    assert (ws / "data/raw" / source / file).is_file() and _raw_ok(ws, source)
    assert len(pd.read_parquet(ws / "data/clean/majors.parquet")) == 14


def test_online_path_downloads_from_the_publishers(tmp_path, mirror):
    """mirror=null (the default) downloads: a local HTTP server stands in for the publishers
    (a plain CSV and a zip inside a zip), by overriding the registry's URLs."""
    keep = {"cow_country_codes", "cow_nmc_v6.0"}
    ws = copy_repo(tmp_path / "ws")
    (tmp_path / "www").mkdir()
    with http_server(tmp_path / "www") as base:
        doc = publisher_site(mirror, only_sources(registry_doc(ws), keep), tmp_path / "www", base)
        write_registry(doc, ws / REGISTRY)
        run = snakemake(ws, "--cores", "2", "data", "--config", f"sources={REGISTRY}", "mirror=null")
    assert run.returncode == 0, run.stdout[-3000:]
    assert "downloaded from the publishers" in run.stdout
    for source in keep:
        assert _raw_ok(ws, source), source
    assert len(pd.read_parquet(ws / "data/clean/nmc.parquet")) == 15951


def test_no_network_fails_at_once_with_one_message(tmp_path):
    ws = copy_repo(tmp_path / "ws")
    doc = registry_doc(ws)
    for s in doc["sources"]:
        for f in s["files"]:
            f["url"] = f"http://publisher.invalid/{s['name']}/{f['file']}".replace(" ", "%20")
    write_registry(doc, ws / REGISTRY)
    start = time.monotonic()
    run = snakemake(ws, "--cores", "4", "--config", f"sources={REGISTRY}")
    elapsed = time.monotonic() - start
    first_url = "http://publisher.invalid/cow_state_system_v2024/statelist2024.csv"
    assert run.returncode != 0
    assert run.stdout.count("cannot reach the publisher") == 1 and first_url in run.stdout, run.stdout[-3000:]
    assert "ALLIANCEWAR_MIRROR=" in run.stdout and "Error in rule" not in run.stdout
    assert elapsed < 60, elapsed
    assert not (ws / "data" / "raw").exists() or not any(p.is_file() for p in (ws / "data" / "raw").rglob("*"))


def test_nonexistent_mirror_stops_before_anything_runs(tmp_path):
    """(The same check for ALLIANCEWAR_MIRROR: tests/unit/test_fetch.py.)"""
    ws = copy_repo(tmp_path / "ws")
    gone = str(tmp_path / "no-mirror")
    run = snakemake(ws, "-n", "data", "--config", f"mirror={gone}")
    assert run.returncode != 0
    assert f"mirror folder {gone}" in run.stdout and "does not exist" in run.stdout, run.stdout[-2000:]
    assert "--config mirror=/path/to/mirror" in run.stdout and "mirror=null" in run.stdout
    assert not (ws / "data").exists()


def test_trailing_slash_on_cow_alliances_dir_reruns_nothing(tmp_path, mirror):
    """The panel step's config digest sees one spelling of the folder (else the panels rebuild)."""
    ws = copy_repo(tmp_path / "ws")
    cow = mirror / "cow_alliances_v4.1"
    first = snakemake(ws, "--cores", "1", "results/config/panel.json", "--config", f"cow_alliances_dir={cow}")
    assert first.returncode == 0, first.stdout[-2000:]
    spelling = f"{mirror}/./cow_alliances_v4.1//"
    again = snakemake(ws, "-n", "results/config/panel.json", "--config", f"cow_alliances_dir={spelling}")
    assert again.returncode == 0 and "Nothing to be done" in again.stdout, again.stdout[-2000:]


def test_repository_path_with_a_space_and_venv_inside(tmp_path, mirror):
    """As the Quick start creates it: the virtualenv inside the clone, the clone under 'a b/'; the
    offline variant of the Quick start (ALLIANCEWAR_MIRROR names the mirror)."""
    ws = copy_repo(tmp_path / "a b" / "alliancewar")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(ws / ".venv")], check=True)
    site = next((ws / ".venv" / "lib").glob("python*/site-packages"))
    (site / "_parent_env.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
    python = str(ws / ".venv" / "bin" / "python")
    run = snakemake(ws, "--cores", "2", "data/clean/country_codes.parquet", python=python,
                    env=run_env({"ALLIANCEWAR_MIRROR": str(mirror)}, path_first=ws / ".venv" / "bin"))
    assert run.returncode == 0, run.stdout[-3000:]
    assert f"copied from the mirror {mirror} (environment variable ALLIANCEWAR_MIRROR)" in run.stdout
    assert len(pd.read_parquet(ws / "data/clean/country_codes.parquet")) == 217


def test_failed_shell_step_shows_its_one_line_error_on_the_console(tmp_path, mirror):
    """A file that verifies (pinned here on purpose) but lacks a column: the console says so."""
    ws = copy_repo(tmp_path / "ws")
    local = link_mirror(mirror / "cow_country_codes", tmp_path / "mirror" / "cow_country_codes").parent
    path = local / "cow_country_codes" / "COW-country-codes.csv"
    bad = damage(path.read_bytes(), "renamed_column")
    place(path, bad)
    doc = registry_doc(ws)
    entry(doc, "cow_country_codes").update(sha256=sha(bad), sha256_lf=sha(bad.replace(b"\r", b"\n")))
    write_registry(doc, ws / REGISTRY)
    run = snakemake(ws, "--cores", "1", "data/clean/country_codes.parquet", "--config", f"sources={REGISTRY}",
                    f"mirror={local}")
    assert run.returncode != 0
    line = next((ln for ln in run.stdout.splitlines() if ln.startswith("alliancewar: error:")), "")
    assert "COW-country-codes.csv" in line and "missing column(s) ['StateAbb']" in line, run.stdout[-3000:]
    assert "Traceback" not in run.stdout
    assert not (ws / "data/clean/country_codes.parquet").exists()


def _slow_python(tmp: Path, seconds: int) -> Path:
    """A `python` first on PATH that lingers after every clean step has written its tables: the
    moment a second run finds the first run's outputs present but its job unfinished."""
    shim = tmp / "shim"
    shim.mkdir()
    # The lingering sleep runs in the background under `wait`, so that Ctrl-C (SIGINT to the process
    # group) ends the shim at once through its trap, whichever moment it arrives.
    (shim / "python").write_text(
        "#!/bin/sh\ntrap 'kill $pid 2>/dev/null; exit 130' INT TERM\n"
        f'"{sys.executable}" "$@"\nrc=$?\n'
        f'case "$*" in *"alliancewar.cli clean"*) sleep {seconds} >/dev/null 2>&1 & pid=$!; wait $pid;; esac\n'
        'exit $rc\n')
    (shim / "python").chmod(0o755)
    return shim


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(path: Path, proc: subprocess.Popen, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        assert time.monotonic() < end, f"{path} never appeared"
        time.sleep(0.2)


def test_concurrent_run_is_refused_and_an_interrupted_run_resumes(tmp_path, mirror):
    ws = copy_repo(tmp_path / "ws")
    table = ws / "data/clean/country_codes.parquet"
    args = [sys.executable, "-m", "snakemake", "--cores", "1", "data/clean/country_codes.parquet", "--config",
            f"mirror={mirror}"]
    # A shell starts background jobs with SIGINT ignored and that is inherited (CI runs so): give
    # the first run SIGINT's default back, as a terminal's Ctrl-C would find it.
    first = subprocess.Popen(args, cwd=ws, env=run_env(path_first=_slow_python(tmp_path, 600)),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
                             preexec_fn=_default_sigint)
    try:
        _wait_for(table, first)  # the first run's clean step has written its table and is still running
        written = table.stat().st_mtime_ns
        second = snakemake(ws, *args[3:])
        assert second.returncode != 0
        assert "Directory cannot be locked" in second.stdout, second.stdout[-2000:]
        assert first.poll() is None  # the first run goes on, its outputs untouched
        assert table.stat().st_mtime_ns == written
        os.killpg(first.pid, signal.SIGINT)  # Ctrl-C
        first.wait(timeout=60)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    resumed = snakemake(ws, *args[3:])  # the plain command again
    assert resumed.returncode == 0, resumed.stdout[-3000:]
    assert "Rule: clean_cow_country_codes" in resumed.stdout  # the interrupted step was made again
    assert len(pd.read_parquet(table)) == 217
