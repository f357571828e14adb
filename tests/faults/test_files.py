"""Fault injection on files and registry entries, in-process (fast).

Each case damages a real mirrored file (or a registry entry) and runs the command the workflow
runs (``python -m alliancewar.cli clean`` / ``fetch``, called in-process), then asserts that the
message names the culprit (file, source, key, expected and actual hash, byte offset) and that
nothing was written (no clean table, no raw file, no temporary file). The workflow-level faults
are in ``test_workflow.py``.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pandas as pd
import pytest

from alliancewar.cli import main
from alliancewar.errors import ConfigError
from alliancewar.sources import load_sources
from tests.conftest import ROOT
from tests.faults.conftest import (FAULTS, damage, entry, http_server, part_files, place, publisher_site,
                                   registry_doc, sha, write_registry)

pytestmark = pytest.mark.mirror

# The file damaged for each fault: in data/raw (read by the clean step) and in the mirror (fetched).
IN_RAW = {
    "corrupt": ("cow_nmc_v6.0", "NMC-60-abridged.csv"),  # a hand-edited value
    "truncated": ("boix_miller_rosato_v4.0", "democracy-v4.0.csv"),  # the last third of the rows missing
    "renamed_column": ("cow_country_codes", "COW-country-codes.csv"),
    "re_encoded": ("cow_state_system_v2024", "statelist2024.csv"),
    "empty": ("cow_dyadic_interstate_war", "directed_dyadic_war.csv"),
    "missing": ("cow_interstate_war_v4.0", "Inter-StateWarData_v4.0.csv"),
}
IN_MIRROR = {
    "corrupt": ("atop_v5.1", "atop5_1a.csv"),
    "truncated": ("cow_direct_contiguity_v3.2", "contdir.csv"),
    "renamed_column": ("cow_state_system_v2024", "majors2024.csv"),
    "re_encoded": ("cow_mid_v5.0", "MIDA 5.0.csv"),
    "empty": ("cow_dyadic_mid_v4.02", "dyadic_mid_4.02.csv"),
    "missing": ("cow_state_system_v2024", "system2024.csv"),
}


@pytest.fixture
def cli(capsys, caplog):
    """Run ``python -m alliancewar.cli ARGV`` in-process; returns (exit code, everything it printed or logged)."""
    caplog.set_level(logging.INFO, logger="alliancewar")

    def run(*argv: str) -> tuple[int, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.err + out.out + caplog.text

    return run


def _raw_copy(mirror: Path, source: str, dest: Path) -> Path:
    """data/raw/<source>/ as the fetch step leaves it, from the mirror."""
    src = load_sources(ROOT / "config" / "sources.yaml")[source]
    for f in src.files:
        place(dest / f.file, (mirror / f.mirror_path).read_bytes())
    return dest


def _assert_names_culprit(msg: str, source: str, file: str, pinned: str, damaged: bytes | None) -> None:
    assert f"'{source}'" in msg and file in msg, msg
    if damaged is not None:
        assert pinned in msg and sha(damaged) in msg, msg  # expected and actual hash


@pytest.mark.parametrize("fault", FAULTS)
def test_damaged_file_in_data_raw_is_caught_before_it_is_read(fault, mirror, tmp_path, cli, monkeypatch):
    """A file placed or edited in data/raw by hand is verified by the clean step before use."""
    source, file = IN_RAW[fault]
    raw = _raw_copy(mirror, source, tmp_path / "raw" / source)
    pinned = entry(registry_doc(), source, file)["sha256"]
    bad = damage((raw / file).read_bytes(), fault)
    place(raw / file, bad)
    out = tmp_path / "clean"
    monkeypatch.chdir(ROOT)  # the clean command reads config/sources.yaml, as the workflow runs it
    code, msg = cli("clean", "--source", source, "--raw-dir", str(raw), "--out-dir", str(out))
    assert code == 1
    _assert_names_culprit(msg, source, file, pinned, bad)
    assert "checksum mismatch" in msg if bad is not None else "missing" in msg
    assert not list(out.glob("*")) if out.exists() else True  # no clean table written
    assert not part_files(tmp_path)


@pytest.mark.parametrize("fault", FAULTS)
def test_damaged_file_in_mirror_is_never_written(fault, mirror, tmp_path, cli):
    source, file = IN_MIRROR[fault]
    doc = registry_doc()
    pinned = entry(doc, source, file)["sha256"]
    local = tmp_path / "mirror"
    for f in next(s for s in doc["sources"] if s["name"] == source)["files"]:
        place(local / f["mirror_path"], (mirror / f["mirror_path"]).read_bytes())
    target = local / entry(doc, source, file)["mirror_path"]
    bad = damage(target.read_bytes(), fault)
    place(target, bad)
    dest = tmp_path / "raw"
    code, msg = cli("fetch", "--registry", str(ROOT / "config" / "sources.yaml"), "--source", source,
                     "--dest", str(dest), "--mirror", str(local), "--no-progress")
    assert code == 1
    _assert_names_culprit(msg, source, file, pinned, bad)
    assert not list((dest / source).glob("*")) if (dest / source).exists() else True  # nothing written
    assert not part_files(tmp_path)


def test_damaged_file_in_user_folder(mirror, tmp_path, cli):
    """COW alliances come only from the user's folder; a damaged copy there is never written."""
    user = tmp_path / "cow"
    shutil.copytree(mirror / "cow_alliances_v4.1", user)
    file = "alliance_v4.1_by_dyad.csv"
    bad = damage((user / file).read_bytes(), "corrupt")
    place(user / file, bad)
    code, msg = cli("fetch", "--registry", str(ROOT / "config" / "sources.yaml"), "--source",
                     "cow_alliances_v4.1", "--dest", str(tmp_path / "raw"), "--user-dir", str(user))
    assert code == 1
    _assert_names_culprit(msg, "cow_alliances_v4.1", file, entry(registry_doc(), "cow_alliances_v4.1", file)["sha256"],
                          bad)
    assert not (tmp_path / "raw" / "cow_alliances_v4.1" / file).exists()


# -- encodings -----------------------------------------------------------------------------------

def _pinned_country_codes(mirror: Path, tmp_path: Path, data: bytes, **registry_keys) -> tuple[Path, Path]:
    """A registry pinning a changed country-codes file (so it verifies) and the raw folder holding it."""
    doc = registry_doc()
    e = entry(doc, "cow_country_codes")
    e.update(sha256=sha(data), sha256_lf=sha(data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")), **registry_keys)
    raw = tmp_path / "raw" / "cow_country_codes"
    place(raw / e["file"], data)
    return write_registry(doc, tmp_path / "sources.yaml"), raw


def _with_cote_divoire(mirror: Path, encoding: str) -> tuple[bytes, int]:
    data = (mirror / "cow_country_codes/COW-country-codes.csv").read_bytes()
    assert b"Ivory Coast" in data
    changed = data.replace(b"Ivory Coast", "C\xf4te d'Ivoire".encode(encoding))
    return changed, changed.index("\xf4".encode(encoding))


def test_undecodable_byte_names_file_and_offset(mirror, tmp_path, cli):
    """A Windows-1252 byte in a file the registry says is UTF-8 is not silently replaced."""
    data, offset = _with_cote_divoire(mirror, "cp1252")
    registry, raw = _pinned_country_codes(mirror, tmp_path, data)
    code, msg = cli("clean", "--registry", str(registry), "--source", "cow_country_codes", "--raw-dir",
                     str(raw), "--out-dir", str(tmp_path / "clean"))
    assert code == 1
    assert "COW-country-codes.csv" in msg and f"byte offset {offset}" in msg and "0xf4" in msg and "utf-8" in msg
    assert not (tmp_path / "clean").exists()


def test_file_is_decoded_with_the_encoding_the_registry_names(mirror, tmp_path, cli):
    data, _ = _with_cote_divoire(mirror, "cp1252")
    registry, raw = _pinned_country_codes(mirror, tmp_path, data, encoding="cp1252")
    code, msg = cli("clean", "--registry", str(registry), "--source", "cow_country_codes", "--raw-dir",
                     str(raw), "--out-dir", str(tmp_path / "clean"))
    assert code == 0, msg
    names = pd.read_parquet(tmp_path / "clean" / "country_codes.parquet").set_index("ccode")["statenme"]
    assert names[437] == "C\xf4te d'Ivoire"


def test_known_undecodable_bytes_are_replaced_and_counted(mirror, tmp_path, cli):
    data = (mirror / "cow_country_codes/COW-country-codes.csv").read_bytes().replace(b"Ivory Coast", b"Ivory\xffCoast")
    registry, raw = _pinned_country_codes(mirror, tmp_path, data, undecodable_bytes=1)
    code, msg = cli("clean", "--registry", str(registry), "--source", "cow_country_codes", "--raw-dir",
                     str(raw), "--out-dir", str(tmp_path / "clean"))
    assert code == 0, msg
    assert "1 undecodable byte(s) replaced" in msg and "COW-country-codes.csv" in msg


# -- registry paths ------------------------------------------------------------------------------

@pytest.mark.parametrize("key, value", [
    ("file", "../../../escaped.csv"),
    ("file", "sub/dir.csv"),
    ("mirror_path", "../../etc/passwd"),
    ("mirror_path", "/etc/passwd"),
    ("member", "../outside.csv"),
])
def test_unsafe_registry_path_is_rejected_naming_source_and_key(key, value, tmp_path):
    doc = registry_doc()
    entry(doc, "cow_country_codes")[key] = value
    with pytest.raises(ConfigError) as err:
        load_sources(write_registry(doc, tmp_path / "sources.yaml"))
    msg = str(err.value)
    assert "'cow_country_codes'" in msg and f"'{key}'" in msg and value in msg


def test_unsafe_source_name_is_rejected(tmp_path):
    doc = registry_doc()
    doc["sources"][1]["name"] = ".."
    with pytest.raises(ConfigError, match=r"sources/1/name"):
        load_sources(write_registry(doc, tmp_path / "sources.yaml"))


def test_registry_file_path_cannot_escape_data_raw(mirror, tmp_path, cli):
    """What an unsafe `file` would do: write outside data/raw. It is refused before any fetch."""
    doc = registry_doc()
    entry(doc, "cow_country_codes")["file"] = "../../escaped.csv"
    registry = write_registry(doc, tmp_path / "sources.yaml")
    dest = tmp_path / "work" / "data" / "raw"
    code, msg = cli("fetch", "--registry", str(registry), "--source", "cow_country_codes", "--dest",
                     str(dest), "--mirror", str(mirror))
    assert code == 1 and "'file'" in msg and "cow_country_codes" in msg
    assert not list(tmp_path.rglob("escaped.csv"))


# -- mirror or download --------------------------------------------------------------------------

def test_nonexistent_mirror_says_so_and_shows_both_remedies(tmp_path, cli):
    missing = tmp_path / "no-such-mirror"
    code, msg = cli("fetch", "--registry", str(ROOT / "config" / "sources.yaml"), "--source",
                     "cow_country_codes", "--dest", str(tmp_path / "raw"), "--mirror", str(missing))
    assert code == 1
    assert str(missing) in msg and "does not exist" in msg
    assert "--config mirror=/path/to/mirror" in msg and "ALLIANCEWAR_MIRROR" in msg and "mirror=null" in msg
    assert not (tmp_path / "raw").exists()


def test_mirror_null_means_download(mirror, tmp_path, cli, monkeypatch):
    """`--mirror null` (as `--config mirror=null` arrives) downloads; it is no folder called "null"."""
    monkeypatch.delenv("ALLIANCEWAR_MIRROR", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "www").mkdir()
    with http_server(tmp_path / "www") as base:
        doc = publisher_site(mirror, registry_doc(), tmp_path / "www", base)
        code, msg = cli("fetch", "--registry", str(write_registry(doc, tmp_path / "sources.yaml")),
                         "--source", "cow_nmc_v6.0", "--dest", str(tmp_path / "raw"), "--mirror", "null",
                         "--no-progress")
    assert code == 0, msg
    assert "downloaded from the publishers" in msg
    pinned = entry(doc, "cow_nmc_v6.0")["sha256"]
    assert sha((tmp_path / "raw" / "cow_nmc_v6.0" / "NMC-60-abridged.csv").read_bytes()) == pinned


def test_environment_variable_names_the_mirror(mirror, tmp_path, cli, monkeypatch):
    """ALLIANCEWAR_MIRROR is used when no mirror is configured (the publisher is unreachable here)."""
    doc = registry_doc()
    entry(doc, "cow_country_codes")["url"] = "http://publisher.invalid/COW-country-codes.csv"
    monkeypatch.setenv("ALLIANCEWAR_MIRROR", str(mirror))
    code, msg = cli("fetch", "--registry", str(write_registry(doc, tmp_path / "sources.yaml")), "--source",
                     "cow_country_codes", "--dest", str(tmp_path / "raw"), "--no-progress")
    assert code == 0, msg
    assert "ALLIANCEWAR_MIRROR" in msg and str(mirror) in msg
    assert (tmp_path / "raw" / "cow_country_codes" / "COW-country-codes.csv").is_file()


# -- verification for the report, and whole-source writes ---------------------------------------

def test_report_inputs_are_verified(mirror, tmp_path):
    """The report's provenance hashes raw files through verify_raw_files, which verifies them."""
    from alliancewar.verify import verify_raw_files
    from alliancewar.errors import ChecksumError, FetchError

    sources = load_sources(ROOT / "config" / "sources.yaml")
    chosen = [sources["cow_country_codes"], sources["cow_nmc_v6.0"]]
    for s in chosen:
        _raw_copy(mirror, s.name, tmp_path / s.name)
    hashes = verify_raw_files(chosen, tmp_path)
    assert hashes[str(tmp_path / "cow_nmc_v6.0" / "NMC-60-abridged.csv")] == chosen[1].files[0].sha256
    nmc = tmp_path / "cow_nmc_v6.0" / "NMC-60-abridged.csv"
    place(nmc, damage(nmc.read_bytes(), "corrupt"))
    with pytest.raises(ChecksumError, match="NMC-60-abridged.csv.*cow_nmc_v6.0"):
        verify_raw_files(chosen, tmp_path)
    place(nmc, None)
    with pytest.raises(FetchError, match="NMC-60-abridged.csv.*missing"):
        verify_raw_files(chosen, tmp_path)


def test_a_failing_table_leaves_no_table_of_its_source_written(mirror, tmp_path):
    """states2016 cleans, majors2016 fails its schema: none of the three state-system tables is written."""
    from alliancewar.clean import clean_source
    from alliancewar.errors import DataFormatError

    raw = _raw_copy(mirror, "cow_state_system_v2016", tmp_path / "raw")
    majors = raw / "majors2016.csv"
    lines = majors.read_bytes().split(b"\r\n")
    lines[1] = lines[1].replace(b",1898,", b",2099,")  # USA major from 2099 to 2016: ends before it starts
    place(majors, b"\r\n".join(lines))
    with pytest.raises(DataFormatError, match="majors"):
        clean_source("cow_state_system_v2016", raw, tmp_path / "clean")
    assert not list((tmp_path / "clean").glob("*.parquet")) if (tmp_path / "clean").exists() else True
