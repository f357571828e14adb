"""The source registry is validated and its errors name the file and key."""

from __future__ import annotations

import pytest
import yaml

from alliancewar.errors import ConfigError
from alliancewar.sources import load_sources


def test_registry_loads(sources):
    assert "atop_v5.1" in sources and "cow_state_system_v2016" in sources and "cow_state_system_v2024" in sources
    for s in sources.values():
        assert s.bibtex.lstrip().startswith("@") and s.bibtex_key in s.bibtex
        assert s.coverage[0] <= s.coverage[1]
        for f in s.files:
            assert len(f.sha256) == 64
    assert sources["atop_v5.1"].coverage == (1815, 2018)
    assert sources["cow_interstate_war_v4.0"].coverage[1] == 2007


def test_bad_hash_is_rejected(tmp_path):
    from tests.conftest import REGISTRY

    doc = yaml.safe_load(REGISTRY.read_text())
    doc["sources"][0]["files"][0]["sha256"] = "xyz"
    p = tmp_path / "sources.yaml"
    p.write_text(yaml.safe_dump(doc))
    with pytest.raises(ConfigError, match=r"sources/0/files/0/sha256"):
        load_sources(p)


def test_unknown_key_is_rejected(tmp_path):
    from tests.conftest import REGISTRY

    doc = yaml.safe_load(REGISTRY.read_text())
    doc["sources"][1]["colour"] = "red"
    p = tmp_path / "sources.yaml"
    p.write_text(yaml.safe_dump(doc))
    with pytest.raises(ConfigError, match="colour"):
        load_sources(p)


def test_every_file_names_its_encoding(sources):
    """Checked against ../shared/data/MANIFEST.md: every pinned text file is UTF-8 (all but UCDP are ASCII),
    the Stata 118 files store UTF-8, the Polity5 SPSS file declares Windows-1252 in its header, and the
    Gleditsch-Ward list ``iisystem.dat`` is Windows-1252 (0xFC in Wuerttemberg, 0x92 in Cote D'Ivoire)."""
    for s in sources.values():
        for f in s.files:
            expected = "cp1252" if f.file.endswith(".sav") or f.file == "iisystem.dat" else "utf-8"
            assert f.encoding == expected and f.undecodable_bytes == 0, (s.name, f.file)


def test_unknown_encoding_is_rejected(tmp_path):
    from tests.conftest import REGISTRY

    doc = yaml.safe_load(REGISTRY.read_text())
    doc["sources"][3]["files"][0]["encoding"] = "latin-99"
    p = tmp_path / "sources.yaml"
    p.write_text(yaml.safe_dump(doc))
    name = doc["sources"][3]["name"]
    with pytest.raises(ConfigError, match=rf"source '{name}', files\[0\]: key 'encoding' = 'latin-99'"):
        load_sources(p)


@pytest.mark.parametrize("value, why", [
    ("a/../../b.csv", "'..' segment"), ("/abs/b.csv", "absolute"), ("C:/b.csv", "absolute"),
    ("a\\b.csv", "backslash"), ("a//b.csv", "empty segment"), ("dir/", "ends with '/'"),
])
def test_mirror_paths_are_confined(tmp_path, value, why):
    from tests.conftest import REGISTRY

    doc = yaml.safe_load(REGISTRY.read_text())
    doc["sources"][0]["files"][1]["mirror_path"] = value
    p = tmp_path / "sources.yaml"
    p.write_text(yaml.safe_dump(doc))
    with pytest.raises(ConfigError, match=rf"source 'cow_state_system_v2016', files\[1\]: key 'mirror_path'.*{why}"):
        load_sources(p)
