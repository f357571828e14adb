"""The replication package round trip: build one, unpack it elsewhere, rerun it, get the same fit records.

One workflow run with a small config (tests/integration/configs/small.yaml: panels of 1900-1950,
two named fits and a grid of two, UCDP as the redistributable optional source, COW alliances
supplied), `snakemake package`; then the package is unpacked in a temporary folder and its code
rerun from the mirror with the package's own config and registry.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from alliancewar.package import compare_fits
from tests.faults.conftest import copy_repo, run_env, snakemake

pytestmark = [pytest.mark.mirror, pytest.mark.slow]

SMALL = Path(__file__).parent / "configs" / "small.yaml"
FILES = ("REPRODUCE.md", "config.yaml", "sources.yaml", "provenance.json", "requirements.lock", "fetch_manifest.json")


def _without_timing(data: bytes) -> bytes:
    return re.sub(rb'\n\s*"wall_time": [^\n]*', b"", data)


@pytest.fixture(scope="module")
def built(tmp_path_factory, mirror):
    """The original run in a throw-away copy of the repository, and its package unpacked elsewhere."""
    tmp = tmp_path_factory.mktemp("package")
    ws = copy_repo(tmp / "orig")
    shutil.copy(SMALL, ws / "config" / "config.yaml")
    git = ["git", "-C", str(ws), "-c", "user.name=t", "-c", "user.email=t@t"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "clone"]):  # a clone, as users run it
        subprocess.run(git + args, check=True, capture_output=True)
    cow = f"cow_alliances_dir={mirror / 'cow_alliances_v4.1'}"
    run = snakemake(ws, "--cores", "2", "package", "--config", cow, env=run_env({"ALLIANCEWAR_MIRROR": str(mirror)}),
                    timeout=1800)
    assert run.returncode == 0, run.stdout[-4000:]
    zips = sorted((ws / "results").glob("replication-*.zip"))
    assert len(zips) == 1, zips
    with zipfile.ZipFile(zips[0]) as z:
        names = z.namelist()
        z.extractall(tmp / "unpacked")
    return {"ws": ws, "zip": zips[0], "names": names, "root": tmp / "unpacked" / zips[0].stem, "cow": cow}


def test_package_is_named_for_the_config_and_holds_what_a_replicator_needs(built):
    prov = json.loads((built["ws"] / "results" / "provenance.json").read_text())
    assert built["zip"].name == f"replication-{prov['config_hash'][:12]}.zip"
    top, names, root = built["zip"].stem, set(built["names"]), built["root"]
    assert {f"{top}/{f}" for f in FILES} <= names
    jobs = sorted(p.name for p in (built["ws"] / "results" / "config" / "jobs").glob("*.json"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith(f"{top}/specs/")) == jobs
    assert (root / "provenance.json").read_bytes() == (built["ws"] / "results" / "provenance.json").read_bytes()
    assert (root / "requirements.lock").read_bytes() == (built["ws"] / "requirements.lock").read_bytes()
    assert (root / "code" / "Snakefile").is_file() and (root / "code" / "src" / "alliancewar" / "package.py").is_file()
    reproduce = (root / "REPRODUCE.md").read_text()
    assert "pip install -r requirements.lock && pip install --no-deps -e ." in reproduce
    assert "snakemake --cores 4 --config cow_alliances_dir=/path/to/version4.1_csv" in reproduce
    assert "ALLIANCEWAR_MIRROR=/path/to/mirror" in reproduce


def test_only_redistributable_raw_files_are_included(built, sources):
    top, root = built["zip"].stem, built["root"]
    raw = sorted(n for n in built["names"] if n.startswith(f"{top}/code/data/raw/"))
    assert raw == [f"{top}/code/data/raw/ucdp_prio_acd_v25.1/UcdpPrioConflict_v25_1.csv"]  # CC BY 4.0; no COW file
    manifest = json.loads((root / "fetch_manifest.json").read_text())
    prov = json.loads((root / "provenance.json").read_text())
    assert {m["path"]: m["sha256_used"] for m in manifest} == prov["raw_files"]
    for m in manifest:
        pinned = sources[m["source"]].file(m["file"])
        assert m["sha256_used"] in pinned.accepted_hashes and m["redistributed"] == sources[m["source"]].redistribute
        assert m["url"] or m["user_supplied"]  # every file the default run reads has a publisher URL
    cow = [m for m in manifest if m["source"] == "cow_alliances_v4.1"]
    assert cow and all(m["user_supplied"] and not m["redistributed"] and m["url"] is None for m in cow)
    assert [m["file"] for m in manifest if m["source"] == "cow_dyadic_mid_v4.03"] == ["dyadic_mid_4.03.dta"]


def test_unpacked_package_reruns_to_the_same_fit_records(built, mirror):
    """The package's own code (on PYTHONPATH, standing in for the install step), config and registry, raw
    files from the mirror and the package: every fit record byte-identical once its timing is dropped."""
    root = built["root"]
    code = root / "code"
    env = run_env({"ALLIANCEWAR_MIRROR": str(mirror), "PYTHONPATH": str(code / "src")})
    rerun = snakemake(code, "--cores", "2", "--config", built["cow"], env=env, timeout=1800)
    assert rerun.returncode == 0, rerun.stdout[-4000:]
    assert "fetch_ucdp_prio_acd_v25_1" not in rerun.stdout  # the packaged file is used as it is
    expected = sorted((root / "expected" / "fits").rglob("*.json"))
    assert len(expected) == 4  # baseline, cow and the grid of two
    assert compare_fits(root / "expected" / "fits", code / "results" / "fits") == []
    for p in expected:
        again = code / "results" / "fits" / p.relative_to(root / "expected" / "fits")
        assert _without_timing(again.read_bytes()) == _without_timing(p.read_bytes()), p.name
    prov, prov2 = (json.loads(p.read_text()) for p in (root / "provenance.json", code / "results" / "provenance.json"))
    assert prov2["config_hash"] == prov["config_hash"] and prov2["raw_files"] == prov["raw_files"]
