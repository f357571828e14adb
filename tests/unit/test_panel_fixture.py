"""A hand-made world of four states, three alliances, one war and four disputes.

Every dyad-year variable is computed by hand below and compared exactly with the panel
builder. States: 2 and 20 (1899-1903), 200 (enters 1 Jul 1900), 220 (leaves 31 Mar 1900,
so 200-220 is a false dyad in 1900). War coverage is set to end in 1902 to check NA.
Alliance 1003 (2 and 200, neutrality, 1-15 Feb 1901) begins on the day 200 joins the war
against 2: allied in the year, not on the eve of the onset.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from alliancewar.clean.schemas import validate
from alliancewar.panels.build import PanelOptions, build_dyad_years, to_directed
from alliancewar.sources import Source, SourceFile

T = pd.Timestamp
NA = np.nan


def _src(name: str, start: int, end: int) -> Source:
    f = SourceFile(file="x", mirror_path="x", sha256="0" * 64)
    return Source(name=name, title=name, version="1", coverage=(start, end), terms="", files=(f,), bibtex_key=name,
                  bibtex="")


SOURCES = {n: _src(n, s, e) for n, s, e in [
    ("cow_state_system_v2024", 1816, 2024), ("atop_v5.1", 1815, 2018), ("cow_alliances_v4.1", 1816, 2012),
    ("cow_interstate_war_v4.0", 1816, 1902), ("cow_dyadic_mid_v4.03", 1816, 2014), ("cow_mid_v5.0", 1816, 2014),
    ("cow_nmc_v6.0", 1816, 2016), ("cow_direct_contiguity_v3.2", 1816, 2016), ("polity5", 1800, 2018),
    ("boix_miller_rosato_v4.0", 1800, 2020), ("peacesciencer_capitals", 1816, 2024),
    ("peacesciencer_mindist", 1886, 2019), ("tss_rivalries", 1494, 2020), ("td_rivalries", 1494, 1901)]}


def _tables() -> dict[str, pd.DataFrame]:
    i = "Int64"
    states = pd.DataFrame({"ccode": pd.array([2, 20, 200, 220], dtype=i), "stateabb": ["AAA", "BBB", "CCC", "DDD"],
                           "spell": pd.array([1, 1, 1, 1], dtype=i), "statenme": ["A", "B", "C", "D"],
                           "start": [T("1899-01-01"), T("1899-01-01"), T("1900-07-01"), T("1899-01-01")],
                           "end": [T("1903-12-31"), T("1903-12-31"), T("1903-12-31"), T("1900-03-31")]})
    states[["stateabb", "statenme"]] = states[["stateabb", "statenme"]].astype("string")
    majors = pd.DataFrame({"ccode": pd.array([200], dtype=i), "stateabb": pd.array(["CCC"], dtype="string"),
                           "spell": pd.array([1], dtype=i), "start": [T("1901-06-01")], "end": [T("1903-12-31")]})
    z = [0] * 7
    atop = pd.DataFrame({
        "atopid": pd.array([1001, 1001, 1001, 1002, 1002, 1003, 1003], dtype=i),
        "ccode": pd.array([2, 20, 220, 20, 200, 2, 200], dtype=i), "phase": pd.array(z, dtype=i),
        "entry": [T("1900-03-01"), T("1900-03-01"), T("1899-05-01"), T("1902-01-01"), T("1902-01-01"),
                  T("1901-02-01"), T("1901-02-01")],
        "exit": [T("1901-06-30"), T("1901-06-30"), T("1899-12-31"), T("2018-12-31"), T("2018-12-31"),
                 T("1901-02-15"), T("1901-02-15")],
        "entry_imputed": [False] * 7, "exit_ongoing": [False, False, False, True, True, False, False],
        "ineffect": pd.array([0, 0, 0, 1, 1, 0, 0], dtype=i), "bilat": pd.array(z, dtype=i),
        "defense": pd.array([1, 1, 0, 0, 0, 0, 0], dtype=i), "offense": pd.array(z, dtype=i),
        "neutral": pd.array([0, 0, 0, 0, 0, 1, 1], dtype=i), "nonagg": pd.array([0, 0, 1, 1, 0, 0, 0], dtype=i),
        "consul": pd.array([0, 0, 0, 0, 1, 0, 0], dtype=i)})
    war = pd.DataFrame({
        "warnum": pd.array([7, 7, 7], dtype=i), "war_name": pd.array(["Fixture War"] * 3, dtype="string"),
        "war_type": pd.array([1, 1, 1], dtype=i), "ccode": pd.array([2, 20, 200], dtype=i),
        "side": pd.array([1, 2, 2], dtype=i), "episode": pd.array([1, 1, 1], dtype=i),
        "start": [T("1900-05-01"), T("1900-05-01"), T("1901-02-01")],
        "end": [T("1901-04-30"), T("1900-08-31"), T("1901-03-01")], "date_imputed": [False] * 3,
        "where_fought": pd.array([1, 1, 1], dtype=i), "initiator": [True, False, False],
        "outcome": pd.array([1, 2, 2], dtype=i), "bat_deaths": pd.array([100, 200, pd.NA], dtype=i)})
    mids = pd.DataFrame({
        "dispnum": pd.array([10, 11, 11, 12, 13], dtype=i), "ccode1": pd.array([2, 2, 2, 20, 20], dtype=i),
        "ccode2": pd.array([20, 20, 20, 200, 200], dtype=i), "year": pd.array([1899, 1898, 1899, 1902, 1902], dtype=i),
        "start": [T("1899-02-01"), T("1898-12-01"), T("1898-12-01"), T("1902-03-01"), T("1902-05-01")],
        "end": [T("1899-03-02"), T("1899-04-01"), T("1899-04-01"), T("1902-04-01"), T("1902-06-01")],
        "start_imputed": [False] * 5, "outcome": pd.array([1] * 5, dtype=i), "settle": pd.array([1] * 5, dtype=i),
        "fatality": pd.array([0, 1, 1, 2, 2], dtype=i), "hiact": pd.array([10] * 5, dtype=i),
        "hostlev": pd.array([4, 3, 3, 4, 5], dtype=i), "recip": pd.array([0] * 5, dtype=i),
        "sidea1": pd.array([1] * 5, dtype=i), "sidea2": pd.array([0] * 5, dtype=i),
        "role1": pd.array([1] * 5, dtype=i), "role2": pd.array([3] * 5, dtype=i), "war": pd.array([0] * 5, dtype=i),
        "duration": pd.array([30, 60, 60, 31, 31], dtype=i)})
    contig = pd.DataFrame({"ccode1": [2, 20, 20, 200], "ccode2": [20, 2, 200, 20], "year": [0, 0, 1901, 1901],
                           "conttype": [1, 1, 3, 3]})
    contig = pd.concat([contig[contig["year"] > 0]] + [contig.iloc[:2].assign(year=y) for y in range(1899, 1904)])
    contig = contig.astype(i).reset_index(drop=True)
    # ccode, cinc, milper, tpop, irst, pec, upop (220's milper unknown in 1900)
    nmc = pd.DataFrame([(c, y, *v) for y in range(1899, 1904) for c, v in
                        ((2, (.1, 10, 100, 50, 50, 20)), (20, (.05, 5, 200, 10, 30, 10)),
                         (200, (.2, 40, 100, 40, 20, 30)))]
                       + [(220, 1899, 0.0, 1, 50, 0, 0, 0), (220, 1900, 0.01, np.nan, 50, 0, 0, 0)],
                       columns=["ccode", "year", "cinc", "milper", "tpop", "irst", "pec", "upop"])
    polity = pd.DataFrame([(c, y, v) for y in range(1899, 1904) for c, v in ((2, 8), (20, 6), (200, -7))],
                          columns=["ccode", "year", "polity2"])
    bmr = pd.DataFrame([(c, y, v) for y in range(1899, 1904) for c, v in ((2, 1), (20, 1), (200, 0), (220, np.nan))],
                       columns=["ccode", "year", "democracy"])
    for name, df in (("states", states), ("majors", majors), ("atop_members", atop), ("war_participants", war),
                     ("dyadic_mids", mids)):
        validate(name, df)
    return {"states": states, "majors": majors, "atop_members": atop, "war_participants": war, "dyadic_mids": mids,
            "contiguity_years": contig, "nmc": nmc, "polity": polity, "bmr_democracy": bmr, **_toolkit_tables()}


def _toolkit_tables() -> dict[str, pd.DataFrame]:
    """Capitals (20 moves its capital on 1 Jul 1901), minimum distances, one TSS and one TD rivalry (2-200)."""
    caps = pd.DataFrame({"ccode": [2, 20, 20, 200, 220], "capital": ["a", "b1", "b2", "c", "d"],
                         "start": [T("1816-01-01"), T("1816-01-01"), T("1901-07-01"), T("1816-01-01"), T("1816-01-01")],
                         "end": [T("2024-12-31"), T("1901-06-30"), T("2024-12-31"), T("2024-12-31"), T("2024-12-31")],
                         "lat": [0.0, 0.0, 10.0, 45.0, 0.0], "lng": [0.0, 90.0, 90.0, 0.0, 180.0]})
    mind = pd.DataFrame({"ccode1": [2, 2], "ccode2": [20, 200], "year": [1900, 1901], "mindist": [0.0, 250.0]})
    riv = pd.DataFrame({"rivalry_id": [1], "ccode1": [2], "ccode2": [200], "start": [1900], "end": [1902],
                        "positional": [0], "spatial": [1], "ideological": [0], "interventionary": [0]})
    return {"cow_capitals": caps, "cow_mindist": mind, "tss_rivalries": riv, "td_rivalries": riv}


# (ccode1, ccode2, year) -> hand-computed values
COLS = ["atop_any", "atop_defense", "atop_nonagg", "atop_consul", "atop_offense", "atop_neutral", "atop_shared_count",
        "atop_any_lag1", "atop_defense_lag1", "war_onset", "war_ongoing", "war_ongoing_only", "n_war_onsets",
        "peace_years", "peace_years_ongoing", "mid_onset", "fatal_mid_onset", "force_mid_onset", "mid_ongoing",
        "mid_dispnum", "mid_peace_years", "contig_type", "contig_land", "contig_water", "contig_any", "major1",
        "major2", "major_either", "major_both", "politically_relevant", "cap_ratio_log", "cap_lower_prop",
        "polity2_1", "polity2_2", "democracy_min", "joint_democracy"]
L2, L4, L5, L10 = np.log(2), np.log(4), np.log(5), np.log(10)
EXPECTED = {
    (2, 20, 1899): [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 10, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1, L2, 1/3, 8, 6, 6, 1],
    (2, 20, 1900): [1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, NA, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1, L2, 1/3, 8, 6, 6, 1],
    (2, 20, 1901): [1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NA, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, L2, 1/3, 8, 6, 6, 1],
    (2, 20, 1902): [0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, NA, 2, 1, 1, 0, 1, 0, 0, 0, 0, 1, L2, 1/3, 8, 6, 6, 1],
    (2, 20, 1903): [0, 0, 0, 0, 0, 0, 0, 0, 0, NA, NA, NA, NA, NA, NA, 0, 0, 0, 0, NA, 3, 1, 1, 0, 1, 0, 0, 0, 0, 1, L2, 1/3, 8, 6, 6, 1],
    (2, 200, 1900): [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, L2, 1/3, 8, -7, -7, 0],
    (2, 200, 1901): [1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, NA, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, L2, 1/3, 8, -7, -7, 0],
    (2, 200, 1902): [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NA, 2, 0, 0, 0, 0, 0, 1, 1, 0, 1, L2, 1/3, 8, -7, -7, 0],
    (2, 200, 1903): [0, 0, 0, 0, 0, 0, 0, 0, 0, NA, NA, NA, NA, NA, NA, 0, 0, 0, 0, NA, 3, 0, 0, 0, 0, 0, 1, 1, 0, 1, L2, 1/3, 8, -7, -7, 0],
    (2, 220, 1899): [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NA, 0.0, 8, NA, NA, NA],
    (2, 220, 1900): [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, NA, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, L10, 1/11, 8, NA, NA, NA],
    (20, 200, 1900): [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, L4, 0.2, 6, -7, -7, 0],
    (20, 200, 1901): [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, NA, 1, 3, 0, 1, 1, 0, 1, 1, 0, 1, L4, 0.2, 6, -7, -7, 0],
    (20, 200, 1902): [1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1, 1, 1, 13, 2, 0, 0, 0, 0, 0, 1, 1, 0, 1, L4, 0.2, 6, -7, -7, 0],
    (20, 200, 1903): [1, 0, 1, 1, 0, 0, 1, 1, 0, NA, NA, NA, NA, NA, NA, 0, 0, 0, 0, NA, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, L4, 0.2, 6, -7, -7, 0],
    (20, 220, 1899): [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NA, 0.0, 6, NA, NA, NA],
    (20, 220, 1900): [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, NA, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, L5, 1/6, 6, NA, NA, NA],
}

# Columns added for multilateral wars, severity-specific ongoing MIDs, both peace-year rules,
# the eve-of-onset alliance status, capabilities, development and BMR democracy.
NEW_COLS = ["war_onset_originator", "war_onset_joiner", "war_onset_warnum", "fatal_mid_ongoing", "force_mid_ongoing",
            "mid_peace_years_ongoing", "fatal_mid_peace_years", "fatal_mid_peace_years_ongoing", "atop_any_prewar",
            "atop_neutral_prewar", "atop_defense_prewar", "atop_any_premid", "atop_nonagg_premid", "cinc_prop",
            "cap_ratio_cat", "cap_ratio_medium", "milit_min", "econ_dev_min", "econ_advanced_both",
            "bmr_democracy_1", "joint_democracy_bmr"]
# econ_dev (economic share / demographic share): 1899-1900, four NMC states: 2 9/5, 20 36/55,
# 200 54/65, 220 0; 1901-1903, three states: 2 12/7, 20 3/5, 200 4/5.
D20, D200 = 36 / 55, 54 / 65
EXPECTED_NEW = {
    (2, 20, 1899): [0, 0, NA, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, .5, 1, 0, .025, D20, 0, 1, 1],
    (2, 20, 1900): [1, 0, 7, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, .5, 1, 0, .025, D20, 0, 1, 1],
    (2, 20, 1901): [0, 0, NA, 0, 0, 1, 2, 1, 1, 0, 1, 1, 0, .5, 1, 0, .025, 3 / 5, 0, 1, 1],
    (2, 20, 1902): [0, 0, NA, 0, 0, 2, 3, 2, 0, 0, 0, 0, 0, .5, 1, 0, .025, 3 / 5, 0, 1, 1],
    (2, 20, 1903): [NA, NA, NA, 0, 0, 3, 4, 3, NA, NA, NA, 0, 0, .5, 1, 0, .025, 3 / 5, 0, 1, 1],
    (2, 200, 1900): [0, 0, NA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .5, 1, 0, .1, D200, 0, 1, 0],
    (2, 200, 1901): [0, 1, 7, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, .5, 1, 0, .1, 4 / 5, 0, 1, 0],
    (2, 200, 1902): [0, 0, NA, 0, 0, 2, 2, 2, 0, 0, 0, 0, 0, .5, 1, 0, .1, 4 / 5, 0, 1, 0],
    (2, 200, 1903): [NA, NA, NA, 0, 0, 3, 3, 3, NA, NA, NA, 0, 0, .5, 1, 0, .1, 4 / 5, 0, 1, 0],
    (2, 220, 1899): [0, 0, NA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NA, NA, NA, .02, 0, 0, 1, NA],
    (2, 220, 1900): [0, 0, NA, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, .1, 2, 1, NA, 0, 0, 1, NA],
    (20, 200, 1900): [0, 0, NA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .25, 2, 1, .025, D20, 0, 1, 0],
    (20, 200, 1901): [0, 0, NA, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, .25, 2, 1, .025, 3 / 5, 0, 1, 0],
    (20, 200, 1902): [0, 0, NA, 1, 1, 2, 2, 2, 1, 0, 0, 1, 1, .25, 2, 1, .025, 3 / 5, 0, 1, 0],
    (20, 200, 1903): [NA, NA, NA, 0, 0, 0, 0, 0, NA, NA, NA, 1, 1, .25, 2, 1, .025, 3 / 5, 0, 1, 0],
    (20, 220, 1899): [0, 0, NA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NA, NA, NA, .02, 0, 0, 1, NA],
    (20, 220, 1900): [0, 0, NA, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, .2, 2, 1, NA, 0, 0, 1, NA],
}


@pytest.fixture(scope="module")
def panel():
    return build_dyad_years(_tables(), SOURCES, PanelOptions(start_year=1899, end_year=1903))


def test_dyad_years_and_false_dyad(panel):
    assert sorted(map(tuple, panel[["ccode1", "ccode2", "year"]].to_numpy().tolist())) == sorted(EXPECTED)


@pytest.mark.parametrize("col", COLS + NEW_COLS)
def test_every_variable_by_hand(panel, col):
    cols, expected = (COLS, EXPECTED) if col in COLS else (NEW_COLS, EXPECTED_NEW)
    got = panel.set_index(["ccode1", "ccode2", "year"])[col].astype("float64").loc[list(expected)]
    exp = np.array([v[cols.index(col)] for v in expected.values()], dtype="float64")
    np.testing.assert_allclose(got.to_numpy(), exp, rtol=1e-12, equal_nan=True, err_msg=col)


def test_onset_helpers_are_dropped_and_originators_partition_onsets(panel):
    assert not {"war_onset_day", "mid_onset_day"} & set(panel.columns)
    known = panel["war_onset"].notna()
    np.testing.assert_array_equal(panel.loc[known, "war_onset"],
                                  panel.loc[known, "war_onset_originator"] + panel.loc[known, "war_onset_joiner"])


def test_peace_year_polynomials_and_splines(panel):
    t = panel["peace_years"]
    np.testing.assert_array_equal(panel["peace_years2"], t**2)
    np.testing.assert_array_equal(panel["peace_years3"], t**3)
    np.testing.assert_array_equal(panel["peace_years_spline1"], np.where(t.isna(), np.nan, np.maximum(t - 1, 0) ** 3))
    row = panel[(panel["ccode1"] == 20) & (panel["ccode2"] == 200) & (panel["year"] == 1902)].iloc[0]
    assert row["peace_years_spline1"] == 1.0 and row["peace_years_spline2"] == 0.0


def test_mid_duplicate_rules_logged(panel):
    removed = panel.attrs["mid_rules_removed"]
    assert removed["unique onsets"] == 1 and removed["highest hostility"] == 1
    assert sum(removed.values()) == 2


def test_directed_mirror(panel):
    d = to_directed(panel)
    r = d[(d["ccode1"] == 200) & (d["ccode2"] == 2) & (d["year"] == 1901)].iloc[0]
    assert r["major1"] == 1 and r["major2"] == 0 and r["polity2_1"] == -7 and r["war_onset"] == 1
    assert r["bmr_democracy_1"] == 0 and r["bmr_democracy_2"] == 1 and r["war_onset_joiner"] == 1
    # a pair whose halves have different dtypes (no NA in one, NA in the other) keeps its NA when swapped
    r = d[(d["ccode1"] == 220) & (d["ccode2"] == 2) & (d["year"] == 1899)].iloc[0]
    assert np.isnan(r["bmr_democracy_1"]) and r["bmr_democracy_2"] == 1


R = 6378.137
# by hand: capitals on the equator 90 degrees apart = a quarter circle; 2-200: 45 degrees of latitude
CAPDIST = {(2, 20, 1900): np.pi * R / 2, (2, 20, 1901): np.pi * R / 2, (2, 20, 1902): None,
           (2, 200, 1901): np.pi * R / 4, (2, 220, 1899): np.pi * R}


def test_toolkit_columns_by_hand(panel):
    """capdist (20's capital of 1 January: b1 in 1901, b2 from 1902), mindist, rivalries (TD coverage ends 1901)."""
    p = panel.set_index(["ccode1", "ccode2", "year"])
    for key, want in CAPDIST.items():
        got = p.loc[key, "capdist"]
        if want is None:  # (0,0)-(10,90): by the spherical law of cosines
            want = R * np.arccos(np.cos(np.radians(10)) * np.cos(np.radians(90)))
        assert got == pytest.approx(want), key
    assert p.loc[(2, 20, 1900), "mindist"] == 0.0 and p.loc[(2, 200, 1901), "mindist"] == 250.0
    assert np.isnan(p.loc[(2, 20, 1901), "mindist"])
    assert p.loc[(2, 200), "rivalry_tss"].tolist() == [1, 1, 1, 0] and p["rivalry_tss"].sum() == 3
    assert p.loc[(2, 200), "rivalry_td_spatial"].tolist()[:2] == [1, 1]
    assert p.loc[(2, 200), "rivalry_td"].iloc[2:].isna().all()  # TD coverage ends 1901 here
