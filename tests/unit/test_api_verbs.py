"""The public API on hand-made tables: keys, coverage masking, no overwrite, directed frames, provenance, cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import alliancewar as aw
from alliancewar.api import data, frames
from alliancewar.errors import ConfigError

T = pd.Timestamp


def _tables() -> dict[str, pd.DataFrame]:
    states = pd.DataFrame({"ccode": [2, 20, 200], "stateabb": ["USA", "CAN", "UKG"], "spell": [1, 1, 1],
                           "statenme": ["USA", "Canada", "UK"], "start": [T("1816-01-01"), T("1920-01-10"),
                                                                            T("1816-01-01")],
                           "end": [T("2016-12-31")] * 3})
    members = pd.DataFrame({"atopid": [1000, 1000], "ccode": [2, 200], "phase": 1, "entry": T("1949-08-24"),
                            "exit": T("2018-12-31"), "entry_imputed": False, "exit_ongoing": True, "ineffect": 1,
                            "bilat": 0, "defense": 1, "offense": 0, "neutral": 0, "nonagg": 0, "consul": 1})
    wars = pd.DataFrame({"warnum": [1, 1], "war_name": "w", "war_type": 1, "ccode": [2, 200], "side": [1, 2],
                         "episode": 1, "start": T("1812-06-18"), "end": T("1815-02-18"), "date_imputed": False,
                         "where_fought": 1, "initiator": [True, False], "outcome": 1, "bat_deaths": 1})
    return {"states": states, "atop_members": members, "war_participants": wars}


@pytest.fixture
def tables(monkeypatch):
    t = _tables()
    monkeypatch.setattr(data, "table", lambda name, folder=None: t[name])
    return t


def test_create_and_add_mask_outside_coverage_and_record_sources(tables):
    dy = aw.create_dyadyears(years=(2000, 2010))
    assert len(dy) == 33 and dy.attrs["alliancewar"]["sources"] == ["cow_state_system_v2024"]
    out = dy.pipe(aw.add_atop_alliance).pipe(aw.add_cow_wars)
    uk = out.query("ccode1 == 2 and ccode2 == 200")
    assert uk["atop_defense"].tolist() == [1] * 11 and uk["atop_defense"].dtype == np.int8
    assert uk["war_onset"].iloc[:8].tolist() == [0] * 8 and uk["war_onset"].iloc[8:].isna().all()  # COW wars end 2007
    assert "war_onset_day" not in out.columns  # helper dropped
    m = out.attrs["alliancewar"]
    assert m["sources"] == ["cow_state_system_v2024", "atop_v5.1", "cow_interstate_war_v4.0"]
    assert list(dy.columns) == ["ccode1", "ccode2", "year"]  # the input frame is not modified


def test_a_verb_refuses_to_add_a_column_twice(tables):
    dy = aw.create_dyadyears(years=(2000, 2001)).pipe(aw.add_atop_alliance)
    with pytest.raises(ValueError, match=r"already has column\(s\) \['atop_any'"):
        aw.add_atop_alliance(dy)


def test_directed_frames_get_the_same_symmetric_values(tables):
    nd = aw.create_dyadyears(years=(1950, 1951)).pipe(aw.add_atop_alliance)
    d = aw.create_dyadyears(years=(1950, 1951), directed=True).pipe(aw.add_atop_alliance)
    assert len(d) == 2 * len(nd)
    back = d.query("ccode1 > ccode2").rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    m = nd.merge(back, on=["ccode1", "ccode2", "year"], suffixes=("", "_d"))
    assert (m["atop_any"] == m["atop_any_d"]).all() and m["atop_any"].sum() == 2


def test_keys_are_checked_with_a_clear_message(tables):
    with pytest.raises(ValueError, match="needs dyad keys"):
        aw.add_atop_alliance(pd.DataFrame({"a": [1], "year": [1950]}))
    with pytest.raises(ValueError, match="add_atop_alliance\\(\\) works on dyad"):
        aw.add_atop_alliance(pd.DataFrame({"ccode": [2], "year": [1950]}))
    with pytest.raises(ValueError, match="missing values"):
        aw.add_atop_alliance(pd.DataFrame({"ccode1": pd.array([2, None], dtype="Int64"), "ccode2": [20, 200],
                                           "year": [1950, 1950]}))
    with pytest.raises(ValueError, match="years must satisfy"):
        aw.create_dyadyears(years=(1800, 1900))


def test_cite_returns_the_bibtex_of_sources_and_methods(tables):
    dy = aw.create_dyadyears(years=(1950, 1950)).pipe(aw.add_atop_alliance)
    bib = aw.cite(dy)
    assert "@article{leeds2002atop," in bib and "@misc{cow_states2024," in bib and "@article{miller2022," in bib
    assert bib.count("@") == 3


def test_cow_alliances_are_never_fetched_without_a_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "_settings", data.Settings(cache_dir=str(tmp_path)))
    monkeypatch.setattr(data, "_tables", {})
    with pytest.raises(ConfigError, match="cow_alliances_dir"):
        data.prepare("cow_alliances_v4.1")


def test_cache_folder_settings(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "_settings", data.Settings())
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "env"))
    assert aw.cache_dir() == tmp_path / "env"
    aw.configure(cache_dir=str(tmp_path / "cfg"))
    assert aw.cache_dir() == tmp_path / "cfg"
    monkeypatch.delenv(data.CACHE_ENV)
    aw.configure(cache_dir=None)
    assert aw.cache_dir().name.lower() == "alliancewar" or "alliancewar" in str(aw.cache_dir()).lower()


def test_level_of_frames():
    assert frames.level_of(pd.DataFrame(columns=["gwcode1", "gwcode2", "year"])) == ("dyad", "gw")
    assert frames.level_of(pd.DataFrame(columns=["ccode", "year"])) == ("state", "cow")


def test_every_top_level_name_is_a_function_even_after_every_submodule_is_imported():
    """alliancewar.fetch is also a module: it forwards calls; no other API name is shadowed by a module."""
    import importlib
    import pkgutil

    for m in pkgutil.iter_modules(aw.__path__):
        importlib.import_module(f"alliancewar.{m.name}")
    for name in aw.__all__:
        assert callable(getattr(aw, name)), name
