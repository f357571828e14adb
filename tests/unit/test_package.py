"""The replication package's parts: the lock file, the fetch manifest, the fit comparison, the config."""

from __future__ import annotations

import hashlib
import json
import tomllib

from packaging.requirements import Requirement

from alliancewar.package import compare_fits, fetch_manifest, package_name, portable_config
from alliancewar.sources import Source, SourceFile
from tests.conftest import ROOT


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not an exact pin"
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_lock_pins_every_dependency_within_its_range():
    """Every dependency of pyproject.toml (and the test extra .ci/run uses) is pinned, inside its range."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _lock()
    assert "alliancewar" not in pins
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(spec)
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{req.name} is not in requirements.lock"
        assert req.specifier.contains(pins[name], prereleases=True), (req.name, pins[name], str(req.specifier))


def test_ci_installs_from_the_lock():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install --quiet -r requirements.lock" in ci and "--no-deps -e" in ci


def test_package_name_and_portable_config():
    assert package_name("ab" * 32) == "replication-abababababab"
    cfg = portable_config({"sources": "/abs/registry.yaml", "mirror": "/work/shared/data", "panel": {"end_year": None}})
    assert cfg == {"sources": "config/sources.yaml", "mirror": None, "panel": {"end_year": None}}


def _source(name: str, redistribute: bool, user_supplied: bool = False) -> Source:
    files = (SourceFile(file="a.csv", mirror_path="x/a.csv", sha256="0" * 64, url=None if user_supplied else "http://p/a"),)
    return Source(name=name, title=name, version="1", coverage=(1816, 2000), terms="", files=files, bibtex_key=name,
                  bibtex="", redistribute=redistribute, user_supplied=user_supplied)


def test_fetch_manifest_lists_every_raw_file_with_its_hash(tmp_path):
    for name in ("open", "closed", "mine"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.csv").write_bytes(b"x,y\n1,2\n")
    out = fetch_manifest([_source("open", True), _source("closed", False), _source("mine", True, True)], tmp_path)
    assert [(m["source"], m["redistributed"], m["url"]) for m in out] == [
        ("open", True, "http://p/a"), ("closed", False, "http://p/a"), ("mine", False, None)]  # user-supplied: never
    assert out[0]["sha256_used"] == hashlib.sha256(b"x,y\n1,2\n").hexdigest() and out[0]["sha256"] == "0" * 64
    assert out[0]["bytes"] == 8 and out[0]["path"] == "data/raw/open/a.csv"


def test_compare_fits_drops_timings_only(tmp_path):
    a, b = tmp_path / "a" / "named", tmp_path / "b" / "named"
    a.mkdir(parents=True), b.mkdir(parents=True)
    rec = {"name": "baseline", "coefficients": {"x": 0.5}, "wall_time": 1.2}
    (a / "baseline.json").write_text(json.dumps(rec, indent=2))
    (b / "baseline.json").write_text(json.dumps({**rec, "wall_time": 9.9}, indent=2))
    assert compare_fits(tmp_path / "a", tmp_path / "b") == []
    (b / "baseline.json").write_text(json.dumps({**rec, "coefficients": {"x": 0.50000001}}, indent=2))
    (b / "extra.json").write_text("{}")
    assert compare_fits(tmp_path / "a", tmp_path / "b") == [f"only in {tmp_path / 'b'}: named/extra.json",
                                                            "differs: named/baseline.json"]


def test_compare_command_exit_code(tmp_path, capsys):
    from alliancewar.package import main

    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    (tmp_path / "a" / "f.json").write_text('{"wall_time": 1}')
    (tmp_path / "b" / "f.json").write_text('{"wall_time": 2}')
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "b")]) == 0 and "agree" in capsys.readouterr().out
    (tmp_path / "b" / "f.json").write_text('{"wall_time": 2, "status": "failed"}')
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "b")]) == 1
