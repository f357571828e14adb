"""System measures of growth, formation and polarity in a hand-made world of four states, 1900-1904.

States A (2), B (20), C (200) are members throughout; D (300) enters on 1 Jul 1901. Major
powers: A and C throughout, D from 1902. ATOP alliances:

* 1000 A-C consultation, 1 Jan 1899 - 30 Jun 1900 (in force in 1900, begun before the panel);
* 1001 A-B defense, from 1 Mar 1901 (in effect at the end of the data);
* 1002 B-C non-aggression, 1 Jun 1901 - 31 Dec 1902, B's membership in two phases that
  touch (one spell, one entry);
* 1003 A, C, D defense, from 1 May 1903 (A, C), D joins 1 Aug 1903, C leaves 31 Oct 1903 and
  comes back on 1 Mar 1904 (a second entry).

COW (coverage set to end in 1903): alliance 5, A-C defense pact from 1 Jan 1902.

Every value below is worked out by hand from these spells; the k-year changes (k = 1, 2)
are applied by plain arithmetic to the hand-typed levels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancewar.panels.coverage import apply_coverage
from alliancewar.panels.dyads import create_dyadyears
from alliancewar.panels.formation import alliance_memberships, membership_spells
from alliancewar.panels.states import build_state_years
from alliancewar.panels.system import build_system_years
from alliancewar.panels.variables import REGISTRY, change_name
from alliancewar.sources import Source, SourceFile

T = pd.Timestamp
NA = np.nan
YEARS = [1900, 1901, 1902, 1903, 1904]
A, B, C, D = 2, 20, 200, 300


def _src(name: str, start: int, end: int) -> Source:
    f = SourceFile(file="x", mirror_path="x", sha256="0" * 64)
    return Source(name=name, title=name, version="1", coverage=(start, end), terms="", files=(f,), bibtex_key=name,
                  bibtex="")


SOURCES = {n: _src(n, s, e) for n, s, e in [
    ("cow_state_system_v2024", 1816, 2024), ("atop_v5.1", 1815, 2018), ("cow_alliances_v4.1", 1816, 1903),
    ("cow_interstate_war_v4.0", 1816, 2007), ("cow_nmc_v6.0", 1816, 2016), ("polity5", 1800, 2018),
    ("boix_miller_rosato_v4.0", 1800, 2020)]}


def _atop_row(atopid, ccode, phase, entry, exit_, defense, nonagg=0, consul=0):
    return {"atopid": atopid, "ccode": ccode, "phase": phase, "entry": T(entry), "exit": T(exit_),
            "defense": defense, "offense": 0, "neutral": 0, "nonagg": nonagg, "consul": consul}


def _tables() -> dict[str, pd.DataFrame]:
    i = "Int64"
    states = pd.DataFrame({"ccode": [A, B, C, D], "stateabb": ["AAA", "BBB", "CCC", "DDD"], "spell": [1] * 4,
                           "statenme": ["A", "B", "C", "D"],
                           "start": [T("1899-01-01")] * 3 + [T("1901-07-01")], "end": [T("1904-12-31")] * 4})
    majors = pd.DataFrame({"ccode": [A, C, D], "stateabb": ["AAA", "CCC", "DDD"], "spell": [1] * 3,
                           "start": [T("1816-01-01"), T("1816-01-01"), T("1902-01-01")], "end": [T("1904-12-31")] * 3})
    atop = pd.DataFrame([
        _atop_row(1000, A, 0, "1899-01-01", "1900-06-30", 0, consul=1),
        _atop_row(1000, C, 0, "1899-01-01", "1900-06-30", 0, consul=1),
        _atop_row(1001, A, 0, "1901-03-01", "2018-12-31", 1),
        _atop_row(1001, B, 0, "1901-03-01", "2018-12-31", 1),
        _atop_row(1002, B, 1, "1901-06-01", "1902-01-31", 0, nonagg=1),
        _atop_row(1002, B, 2, "1902-02-01", "1902-12-31", 0, nonagg=1),
        _atop_row(1002, C, 0, "1901-06-01", "1902-12-31", 0, nonagg=1),
        _atop_row(1003, A, 0, "1903-05-01", "2018-12-31", 1),
        _atop_row(1003, C, 1, "1903-05-01", "1903-10-31", 1),
        _atop_row(1003, C, 2, "1904-03-01", "2018-12-31", 1),
        _atop_row(1003, D, 0, "1903-08-01", "2018-12-31", 1),
    ])
    for c in ("atopid", "ccode", "phase", "defense", "offense", "neutral", "nonagg", "consul"):
        atop[c] = atop[c].astype(i)
    cow_types = {"defense": [1, 1], "neutrality": [1, 1], "nonaggression": [1, 1], "entente": [1, 1]}
    cow_members = pd.DataFrame({"version4id": [5, 5], "ccode": [A, C], "start": [T("1902-01-01")] * 2,
                                "end": [T("2012-12-31")] * 2, "end_ongoing": [True, True], **cow_types})
    cow_dyads = pd.DataFrame({"version4id": [5], "ccode1": [A], "ccode2": [C], "start": [T("1902-01-01")],
                              "end": [T("2012-12-31")], "end_ongoing": [True],
                              **{k: v[:1] for k, v in cow_types.items()}})
    war = pd.DataFrame({"warnum": [7, 7], "ccode": [A, C], "side": [1, 2], "episode": [1, 1],
                        "start": [T("1903-02-01")] * 2, "end": [T("1903-03-01")] * 2, "bat_deaths": [100, 200]})
    nmc = pd.DataFrame({"ccode": [A], "year": [1900], "cinc": [0.1], "milper": [10], "tpop": [1000.0],
                        "irst": [5], "pec": [7], "upop": [100.0]})
    polity = pd.DataFrame({"ccode": [A], "year": [1900], "polity2": [5.0]})
    bmr = pd.DataFrame({"ccode": [A], "year": [1900], "democracy": [1]})
    return {"states": states, "majors": majors, "atop_members": atop, "cow_alliance_members": cow_members,
            "cow_alliance_dyads": cow_dyads, "war_participants": war, "nmc": nmc, "polity": polity,
            "bmr_democracy": bmr}


@pytest.fixture(scope="module")
def world():
    t = _tables()
    dy = create_dyadyears(t["states"], start_year=1900, end_year=1904)
    sy, pair_years = build_state_years(t, dy, start_year=1900, end_year=1904, cow_alliances=True)
    system, _ = build_system_years(sy, dy, pair_years, t["war_participants"], memberships=alliance_memberships(t, True),
                                   change_years=(1, 2))
    return {"state": apply_coverage(sy, SOURCES, 1904).set_index(["ccode", "year"]),
            "system": apply_coverage(system, SOURCES, 1904).set_index("year")}


# Hand-computed levels, 1900-1904 (n_states 3, 4, 4, 4, 4; majors A, C and D from 1902)
LEVELS = {
    "share_allied_any": [2 / 3, 3 / 4, 3 / 4, 1, 1],           # A-C; A-B, B-C; A-B, B-C; all four; all four
    "share_allied_defense": [0, 2 / 4, 2 / 4, 1, 1],            # none; A-B; A-B; A-B + 1003
    "share_majors_allied_any": [1, 1, 2 / 3, 1, 1],            # D unallied in 1902
    "share_majors_allied_defense": [0, 1 / 2, 1 / 3, 1, 1],
    "alliance_network_density": [1 / 3, 2 / 6, 2 / 6, 4 / 6, 4 / 6],
    "alliance_network_density_defense": [0, 1 / 6, 1 / 6, 4 / 6, 4 / 6],
    "share_allied_any_cow": [0, 0, 2 / 4, 2 / 4, NA],          # COW coverage ends in 1903
    "share_allied_defense_cow": [0, 0, 2 / 4, 2 / 4, NA],
    "share_majors_allied_any_cow": [0, 0, 2 / 3, 2 / 3, NA],
    "share_majors_allied_defense_cow": [0, 0, 2 / 3, 2 / 3, NA],
    "alliance_network_density_cow": [0, 0, 1 / 6, 1 / 6, NA],
    "alliance_network_density_defense_cow": [0, 0, 1 / 6, 1 / 6, NA],
}

SYSTEM = {
    # 1000 began in 1899 (before the panel): in force in 1900, not begun; 1001 and 1002 begin in 1901, 1003 in 1903
    "alliances_begun_any": [0, 2, 0, 1, 0],
    "alliances_begun_defense": [0, 1, 0, 1, 0],
    "alliances_in_force_any": [1, 2, 2, 2, 2],
    "alliances_in_force_defense": [0, 1, 1, 2, 2],
    # entries: 1901 A, B (1001), B, C (1002); 1903 A, C, D (1003); 1904 C again
    "member_entries_any": [0, 4, 0, 3, 1],
    "member_entries_defense": [0, 2, 0, 3, 1],
    # poles: components of the major powers' network; A and C linked only through minor B in 1901-02 do not count
    "n_poles_any": [1, 2, 3, 1, 1],
    "cluster_polarity_any": [1 / 2, 2 / 2, 3 / 3, 1 / 3, 1 / 3],
    "n_poles_defense": [2, 2, 3, 1, 1],
    "cluster_polarity_defense": [2 / 2, 2 / 2, 3 / 3, 1 / 3, 1 / 3],
    "alliances_begun_any_cow": [0, 0, 1, 0, NA],
    "alliances_begun_defense_cow": [0, 0, 1, 0, NA],
    "alliances_in_force_any_cow": [0, 0, 1, 1, NA],
    "alliances_in_force_defense_cow": [0, 0, 1, 1, NA],
    "member_entries_any_cow": [0, 0, 2, 0, NA],
    "member_entries_defense_cow": [0, 0, 2, 0, NA],
    "n_poles_any_cow": [2, 2, 2, 2, NA],
    "cluster_polarity_any_cow": [1, 1, 2 / 3, 2 / 3, NA],
    "n_poles_defense_cow": [2, 2, 2, 2, NA],
    "cluster_polarity_defense_cow": [1, 1, 2 / 3, 2 / 3, NA],
}

# (ccode, year) -> alliances joined (any, defense); other state-years 0
JOINED = {(A, 1901): (1, 1), (B, 1901): (2, 1), (C, 1901): (1, 0), (A, 1903): (1, 1), (C, 1903): (1, 1),
          (D, 1903): (1, 1), (C, 1904): (1, 1)}
JOINED_COW = {(A, 1902): (1, 1), (C, 1902): (1, 1)}


def _check(got: pd.Series, expected: list[float], name: str) -> None:
    np.testing.assert_allclose(got.reindex(YEARS).to_numpy(dtype=float), np.asarray(expected, dtype=float),
                               rtol=1e-12, atol=1e-15, equal_nan=True, err_msg=name)


@pytest.mark.parametrize("name", list(LEVELS))
def test_levels_by_hand(world, name):
    _check(world["system"][name], LEVELS[name], name)


@pytest.mark.parametrize("name", list(SYSTEM))
def test_formation_and_polarity_by_hand(world, name):
    _check(world["system"][name], SYSTEM[name], name)


def _changes(level: list[float], k: int) -> tuple[list[float], list[float]]:
    chg, growth = [], []
    for i in range(len(level)):
        if i < k or np.isnan(level[i]) or np.isnan(level[i - k]):
            chg.append(NA)
            growth.append(NA)
        else:
            chg.append(level[i] - level[i - k])
            growth.append((level[i] - level[i - k]) / level[i - k] if level[i - k] > 0 else NA)
    return chg, growth


@pytest.mark.parametrize("k", (1, 2))
@pytest.mark.parametrize("name", list(LEVELS))
def test_k_year_changes_and_growth_rates(world, name, k):
    chg, growth = _changes(LEVELS[name], k)
    _check(world["system"][change_name(name, k, "chg")], chg, f"{name} chg{k}")
    _check(world["system"][change_name(name, k, "growth")], growth, f"{name} growth{k}")


def test_some_changes_literally(world):
    s = world["system"]
    _check(s["share_allied_any_chg1"], [NA, 1 / 12, 0, 1 / 4, 0], "chg1")
    _check(s["share_allied_defense_growth1"], [NA, NA, 0, 1, 0], "growth from a zero level is NA")
    _check(s["share_allied_any_chg2_cow"], [NA, NA, 0.5, 0.5, NA], "COW ends in 1903")
    assert "share_allied_any_chg5" not in s.columns  # only the configured ks are built


def test_alliances_joined_by_hand(world):
    st = world["state"]
    for prefix, table in (("atop", JOINED), ("cow", JOINED_COW)):
        for t, pos in (("any", 0), ("defense", 1)):
            got = st[f"{prefix}_alliances_joined_{t}"]
            expected = pd.Series({k: float(v[pos]) for k, v in table.items()}).reindex(got.index, fill_value=0.0)
            if prefix == "cow":
                expected[expected.index.get_level_values("year") > 1903] = NA
            np.testing.assert_array_equal(got.to_numpy(dtype=float), expected.to_numpy(), err_msg=f"{prefix} {t}")
    assert st.loc[(D, 1901), "atop_alliances_joined_any"] == 0 and (D, 1900) not in st.index


def test_member_entries_are_the_states_joins(world):
    by_year = world["state"]["atop_alliances_joined_any"].groupby("year").sum()
    _check(world["system"]["member_entries_any"], by_year.reindex(YEARS).tolist(), "sum of joins")


def test_membership_spells_merge_touching_phases_and_keep_reentries():
    spells = membership_spells(_tables()["atop_members"], "atop")
    b_1002 = spells[(spells["alliance"] == 1002) & (spells["ccode"] == B)]
    assert len(b_1002) == 1 and b_1002["start"].iloc[0] == T("1901-06-01") and b_1002["end"].iloc[0] == T("1902-12-31")
    c_1003 = spells[(spells["alliance"] == 1003) & (spells["ccode"] == C)]
    assert c_1003["start"].tolist() == [T("1903-05-01"), T("1904-03-01")]
    assert spells.groupby("alliance")["defense"].first().to_dict() == {1000: 0, 1001: 1, 1002: 0, 1003: 1}


def test_registry_and_coverage(world):
    for name in [*SYSTEM, *(change_name(m, k, kind) for m in LEVELS for k in (1, 2) for kind in ("chg", "growth"))]:
        var = REGISTRY[name]
        assert "system" in var.levels and var.label and var.definition
    chg = REGISTRY["share_allied_any_chg5_cow"]
    assert chg.coverage(SOURCES, 1904) == (1821, 1903)  # k years after the start, not past the end
    assert REGISTRY["share_allied_any_chg10"].lag == 10
    assert "wayman1984" in REGISTRY["cluster_polarity_defense"].definition
    for name in ("atop_alliances_joined_any", "cow_alliances_joined_defense"):
        assert REGISTRY[name].levels == ("state",)


def test_change_years_config():
    from alliancewar.config import panel_options
    from alliancewar.errors import ConfigError

    assert panel_options({}).change_years == (1, 5, 10)
    assert panel_options({"panel": {"change_years": [10, 3]}}).change_years == (3, 10)
    for bad in ([0], [11], [2, 2], [], [1.5]):
        with pytest.raises(ConfigError, match="panel.change_years"):
            panel_options({"panel": {"change_years": bad}})
