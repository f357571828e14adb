"""Data versions as config: the choice of version per family, what it enables, coverage and panel years."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from alliancewar.config import panel_options
from alliancewar.errors import ConfigError, FetchError
from alliancewar.panels.build import PanelOptions
from alliancewar.panels.coverage import variable_coverage
from alliancewar.panels.dyads import create_dyadyears, system_end
from alliancewar.panels.variables import MID, MID5, NMC, REGISTRY, STATES
from alliancewar.sources import (DEFAULT_VERSIONS, VERSIONED, Source, SourceFile, chosen_sources, chosen_versions,
                                 enabled_sources, load_sources, version_aliases)
from tests.conftest import REGISTRY as REGISTRY_PATH
from tests.conftest import ROOT

T = pd.Timestamp


def test_defaults_agree_everywhere():
    """The code's defaults, the schema's and config/config.yaml's are the same versions."""
    schema = yaml.safe_load((ROOT / "workflow/schemas/config.schema.yaml").read_text())
    props = schema["properties"]["data_versions"]["properties"]
    assert {k: v["default"] for k, v in props.items()} == DEFAULT_VERSIONS
    assert {k: v["enum"] for k, v in props.items()} == {k: list(v) for k, v in VERSIONED.items()}
    cfg = yaml.safe_load((ROOT / "config/config.yaml").read_text())
    assert cfg["data_versions"] == DEFAULT_VERSIONS
    assert DEFAULT_VERSIONS == {"state_system": "2024", "nmc": "6.0", "dyadic_mid": "4.03", "ucdp": "25.1"}
    assert (STATES, NMC, MID) == ("cow_state_system_v2024", "cow_nmc_v6.0", "cow_dyadic_mid_v4.03")


def test_every_version_is_registered_with_its_family(sources):
    for family, versions in VERSIONED.items():
        for version, name in versions.items():
            assert sources[name].family == family and sources[name].version == version


def test_chosen_versions_and_errors():
    assert chosen_versions({}) == DEFAULT_VERSIONS
    assert chosen_versions({"data_versions": {"nmc": 7.0, "state_system": 2016}})["nmc"] == "7.0"
    assert chosen_sources({"data_versions": {"dyadic_mid": "4.02"}})["dyadic_mid"] == "cow_dyadic_mid_v4.02"
    with pytest.raises(ConfigError, match=r"data_versions.nmc: '8.0' is not a version.*6.0, 7.0"):
        chosen_versions({"data_versions": {"nmc": "8.0"}})
    with pytest.raises(ConfigError, match=r"data_versions.colour"):
        chosen_versions({"data_versions": {"colour": "red"}})


def test_enabled_sources_take_one_version_per_family(sources):
    names = {s.name for s in enabled_sources(sources, {})}
    assert {"cow_state_system_v2024", "cow_nmc_v6.0", "cow_dyadic_mid_v4.03"} <= names
    assert not names & {"cow_state_system_v2016", "cow_nmc_v7.0", "cow_dyadic_mid_v4.02", "ucdp_prio_acd_v25.1",
                        "ucdp_prio_acd_v23.1", "cow_alliances_v4.1", "gml_mid"}
    old = {"data_versions": {"state_system": "2016", "nmc": "7.0", "dyadic_mid": "4.02", "ucdp": "23.1"},
           "optional_sources": ["ucdp_prio_acd"]}
    names = {s.name for s in enabled_sources(sources, old)}
    assert {"cow_state_system_v2016", "cow_nmc_v7.0", "cow_dyadic_mid_v4.02", "ucdp_prio_acd_v23.1"} <= names
    assert not names & {"cow_state_system_v2024", "cow_nmc_v6.0", "cow_dyadic_mid_v4.03", "ucdp_prio_acd_v25.1"}


def test_coverage_follows_the_chosen_versions(sources):
    aliases = version_aliases({"data_versions": {"nmc": "7.0", "state_system": "2016"}})
    assert aliases == {"cow_nmc_v6.0": "cow_nmc_v7.0", "cow_state_system_v2024": "cow_state_system_v2016"}
    assert variable_coverage(REGISTRY["cinc1"], sources, 2024) == (1816, 2016)
    assert variable_coverage(REGISTRY["cinc1"], sources, 2020, aliases) == (1816, 2020)  # 2016 list, to 2020
    nmc7 = version_aliases({"data_versions": {"nmc": "7.0"}})
    assert variable_coverage(REGISTRY["cinc1"], sources, 2024, nmc7) == (1816, 2022)
    # membership never ends before the panel's last year, whichever list (here 2016 extended to 2020)
    assert variable_coverage(REGISTRY["major_either"], sources, 2020, aliases) == (1816, 2020)
    assert variable_coverage(REGISTRY["ccode1"], sources, 2024) == (1816, 2024)
    opts = PanelOptions(mid_source="mid5", data_versions=(("dyadic_mid", "4.02"),))
    assert opts.source_aliases == {MID: MID5}  # MID 5.0 replaces whichever dyadic version
    assert PanelOptions(data_versions=(("dyadic_mid", "4.02"),)).source_aliases == {MID: "cow_dyadic_mid_v4.02"}


def test_panel_years_follow_the_state_system():
    assert PanelOptions().end_year == 2024
    assert PanelOptions(data_versions=(("state_system", "2016"),)).end_year == 2016
    assert panel_options({"sources": str(REGISTRY_PATH)}).end_year == 2024
    old = {"sources": str(REGISTRY_PATH), "data_versions": {"state_system": "2016"}}
    assert panel_options(old).end_year == 2016
    # past the 2016 list: up to the last year a panel source covers (BMR 4.0: 2020)
    assert panel_options({**old, "panel": {"end_year": 2018}}).end_year == 2018
    assert panel_options({**old, "panel": {"end_year": 2020}}).end_year == 2020
    with pytest.raises(ConfigError, match=r"end <= 2020 .*ends in 2016 and years after it extend its membership up "
                                          r"to 2020"):
        panel_options({**old, "panel": {"end_year": 2021}})
    # the 2024 list: no panel source reaches past it
    with pytest.raises(ConfigError, match=r"end <= 2024 .*no panel source covers a year after 2024"):
        panel_options({"sources": str(REGISTRY_PATH), "panel": {"end_year": 2025}})
    # without a registry, no extension
    with pytest.raises(ConfigError, match="end <= 2016"):
        panel_options({"data_versions": {"state_system": "2016"}, "panel": {"end_year": 2017}})


def _states(last: str) -> pd.DataFrame:
    return pd.DataFrame({"ccode": [2, 20, 200], "start": [T("1816-01-01"), T("1920-01-10"), T("1816-01-01")],
                         "end": [T(last), T(last), T("1990-06-30")]})


def test_membership_extension_follows_the_list():
    """Spells in force on the list's last day are extended past it; no 2016 constant."""
    s2016, s2024 = _states("2016-12-31"), _states("2024-12-31")
    assert system_end(s2016) == T("2016-12-31") and system_end(s2024) == T("2024-12-31")
    dy = create_dyadyears(s2016, start_year=2015, end_year=2018)
    assert dy["year"].tolist() == [2015, 2016, 2017, 2018]  # 2-20 extended; 200 left in 1990
    assert create_dyadyears(s2016, start_year=2015)["year"].max() == 2016
    assert create_dyadyears(s2024, start_year=2015)["year"].max() == 2024
    assert len(create_dyadyears(s2024, start_year=2015, end_year=2018)) == 4  # a shorter panel cuts, never extends


def _registry(tmp_path, edit) -> object:
    doc = yaml.safe_load(REGISTRY_PATH.read_text())
    edit(doc)
    p = tmp_path / "sources.yaml"
    p.write_text(yaml.safe_dump(doc))
    return load_sources(p)


def _src(doc, name):
    return next(s for s in doc["sources"] if s["name"] == name)


def test_registry_version_entries_are_checked(tmp_path):
    with pytest.raises(ConfigError, match=r"'cow_nmc_v7.0': family 'nmc' version '7.1' must be named"):
        _registry(tmp_path, lambda d: _src(d, "cow_nmc_v7.0").update(version="7.1"))
    with pytest.raises(ConfigError, match=r"source 'cow_nmc_v6.0' is a version of family 'nmc'"):
        _registry(tmp_path, lambda d: _src(d, "cow_nmc_v6.0").pop("family"))
    with pytest.raises(ConfigError, match=r"'redistribute' is a required property"):
        _registry(tmp_path, lambda d: _src(d, "polity5").pop("redistribute"))
    with pytest.raises(ConfigError, match=r"one_of group\(s\) \['data'\] name a single file"):
        _registry(tmp_path, lambda d: _src(d, "cow_dyadic_mid_v4.03")["files"].pop(0))


def test_redistribution_follows_the_terms(sources):
    """COW's terms forbid passing its data sets on; COW alliances never; UCDP is CC BY 4.0."""
    allowed = {s.name for s in sources.values() if s.redistribute}
    assert allowed == {"ucdp_prio_acd_v23.1", "ucdp_prio_acd_v25.1"}
    assert all(s.terms_url for s in sources.values())


def _one_of_source() -> Source:
    files = (SourceFile(file="d.csv", mirror_path="s/d.csv", sha256="0" * 64, url="http://x/z.zip", member="d.csv",
                        one_of="data"),
             SourceFile(file="d.dta", mirror_path="s/d.dta", sha256="1" * 64, url="http://x/z.zip", member="d.dta",
                        one_of="data"),
             SourceFile(file="other.csv", mirror_path="s/other.csv", sha256="2" * 64))
    return Source(name="s", title="S", version="1", coverage=(1816, 2014), terms="", files=files, bibtex_key="k",
                  bibtex="@misc{k}")


def test_one_of_files_fetch_one_form(tmp_path):
    from alliancewar.fetch import files_to_fetch

    src = _one_of_source()
    dest, mirror = tmp_path / "raw" / "s", tmp_path / "mirror"
    (mirror / "s").mkdir(parents=True)
    (mirror / "s" / "d.dta").write_bytes(b"x")
    names = lambda fs: [f.file for f in fs]  # noqa: E731
    assert names(files_to_fetch(src, dest, None)) == ["d.csv", "other.csv"]  # download: the first with a URL
    assert names(files_to_fetch(src, dest, mirror)) == ["d.dta", "other.csv"]  # the mirror's form
    dest.mkdir(parents=True)
    (dest / "d.csv").write_bytes(b"y")
    assert names(files_to_fetch(src, dest, mirror)) == ["d.csv", "other.csv"]  # a form already fetched is kept


def test_one_of_files_verify_whichever_is_present(tmp_path):
    from alliancewar.verify import present_files

    src = _one_of_source()
    (tmp_path / "other.csv").write_bytes(b"")
    with pytest.raises(FetchError, match=r"none of \['d.csv', 'd.dta'\] \(one_of 'data'\)"):
        present_files(src, tmp_path)
    (tmp_path / "d.dta").write_bytes(b"")
    assert [f.file for f in present_files(src, tmp_path)] == ["d.dta", "other.csv"]
